-- For a database created by Hibernate's `update` mode before the outbox and the dataset check (issue #21) and
-- baselined at version 1: adds what V1 has and such a database lacks. On a database V1 created, nothing changes.
alter table affinity_version add column if not exists pendingSince timestamp(6) with time zone;

create table if not exists known_dataset (
    labelCount integer not null,
    revision integer not null,
    readyAt timestamp(6) with time zone,
    dataset_id varchar(255) not null,
    primary key (dataset_id)
);
