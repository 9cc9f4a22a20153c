DROP INDEX repositories_updated_idx;
