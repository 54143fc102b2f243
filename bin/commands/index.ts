import type { Command } from 'commander';

/** Each command module exports `register(program)`; add new ones here, one line each. */
export const commands: Array<(program: Command) => void> = [];
