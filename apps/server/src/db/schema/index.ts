// Every capability's tables, one file each. drizzle-kit reads this file to generate migrations.
export * from './system.ts';
