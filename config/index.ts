export * from './errors.ts';
export * from './logger.ts';
export * from './settings.ts';
