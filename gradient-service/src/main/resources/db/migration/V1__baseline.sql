-- The gradient-service's schema as Hibernate's `update` mode created it for the entities of this commit (ADR 0114).
-- A database that already holds these tables is baselined at version 1 instead (quarkus.flyway.baseline-on-migrate).

create table completed_shard (
    examples integer not null,
    revision integer not null,
    shard integer not null,
    shardCount integer not null,
    completedAt timestamp(6) with time zone,
    datasetId varchar(255) not null,
    projectionId varchar(255) not null,
    worker varchar(255),
    primary key (revision, shard, datasetId, projectionId)
);
