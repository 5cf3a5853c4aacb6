-- Trigram similarity for name matching and `nameContains` search. PGlite loads the same
-- extension from its contrib bundle (src/db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
