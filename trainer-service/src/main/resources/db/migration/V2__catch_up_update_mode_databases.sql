-- For a database created by Hibernate's `update` mode before the recorded shortfall (issue #21) and the per-dataset
-- prompt (decoder LMs, ADR 0112) and baselined at version 1: adds what V1 has and such a database lacks. On a
-- database V1 created, nothing changes.
alter table dataset add column if not exists shortfall varchar(1000);
alter table dataset add column if not exists prompt text;
