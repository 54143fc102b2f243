import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate` turns db/schema.ts into SQL under migrations/ (committed).
// Views and the reader role are a custom migration (`drizzle-kit generate --custom --name views`).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './migrations',
});
