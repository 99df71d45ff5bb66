-- Names in traditional Mongolian script beside the Chinese ones (issue 17, E27), entered by staff:
-- the calling screen, the kiosk, tickets, the window terminal and the guide show them in vertical
-- script. Null when not entered. Twin of migrations/sqlite/0018_mongolian_names.sql.
alter table sites add column name_mn text;
alter table windows add column name_mn text;
alter table queue_categories add column name_mn text;
alter table items add column name_mn text;
