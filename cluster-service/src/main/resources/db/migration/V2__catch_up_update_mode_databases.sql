-- For a database created by Hibernate's `update` mode before the outbox (issue #21) and baselined at version 1:
-- adds what V1 has and such a database lacks. On a database V1 created, nothing changes.
alter table grouping_version add column if not exists pendingSince timestamp(6) with time zone;
