import { defineConfig } from 'drizzle-kit';

// Generation only (`npm run db:generate`); migrations are applied by `hub migrate` and on start.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './migrations',
  strict: true,
});
