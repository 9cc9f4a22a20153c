DROP TRIGGER trigger_crates_tsvector_update
                                       ON crates;
DROP FUNCTION trigger_crates_name_search();