// Every capability's tables, one file each. drizzle-kit reads this file to generate migrations.
export * from './system.ts';
export * from './identity.ts';
export * from './access.ts';
export * from './audit.ts';
export * from './customers.ts';
export * from './tickets.ts';
export * from './realtime.ts';
export * from './data.ts';
