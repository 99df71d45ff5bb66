-- The queue's hot-path reads (issue 17, measured under load): how many wait ahead of a ticket in
-- its category reads only that category's waiting tickets (not the whole day's), and the hall's
-- latest finished visits (the waiting-time estimate) are read newest first from an index instead
-- of sorting two weeks of tickets. Twin of migrations/sqlite/0019_queue_hot_reads.sql.
create index tickets_ahead on tickets(category_id, status, rank_at);
create index tickets_finished on tickets(site_id, status, finished_at);
