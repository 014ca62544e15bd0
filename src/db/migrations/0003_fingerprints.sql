-- Action-trace fingerprints and duplicate groups (issue 15, weights).
-- SHA-256 (lower-case hex) over the actions the miner returned in the episode; NULL when the
-- executor sent none (older executors, or no answered /act): not compared.
ALTER TABLE episode_results ADD COLUMN fingerprint text
  CHECK (fingerprint IS NULL OR fingerprint ~ '^[0-9a-f]{64}$');

-- Miners whose fingerprints were equal on at least half of their paired episodes in a cycle,
-- scored as one competitor.
CREATE TABLE duplicate_groups (
  cycle_id bigint NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
  group_index integer NOT NULL CHECK (group_index >= 0),
  uids integer[] NOT NULL,
  hotkeys text[] NOT NULL,
  -- the member proven to be the policy's origin (earns the group's points); NULL: nobody
  origin_uid integer,
  -- the member whose results competed for the group
  representative_uid integer,
  points double precision NOT NULL DEFAULT 0,
  -- [{a, b, paired, equal}]: the pairs that joined the group
  pairs jsonb NOT NULL DEFAULT '[]'::jsonb,
  PRIMARY KEY (cycle_id, group_index),
  CHECK (cardinality(uids) = cardinality(hotkeys) AND cardinality(uids) >= 2)
);
