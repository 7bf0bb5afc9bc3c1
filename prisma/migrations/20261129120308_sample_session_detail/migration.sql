-- What each sample keeps for the causes of a flood (lib/finding/causes): connections opened in the
-- last 10 s, the longest-running queries, and the lock tree (read only while sessions wait on locks).
-- The per-holder ages live in the existing applications column.
-- AlterTable
ALTER TABLE "samples" ADD COLUMN     "lock_tree" JSONB,
ADD COLUMN     "new_backends" INTEGER,
ADD COLUMN     "slow_queries" JSONB;
