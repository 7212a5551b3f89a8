-- The cluster-service's schema as Hibernate's `update` mode created it for the entities of this commit (ADR 0114).
-- A database that already holds these tables is baselined at version 1 instead (quarkus.flyway.baseline-on-migrate).

create table grouping_version (
    objective float(53) not null,
    seconds float(53) not null,
    affinityVersion bigint not null,
    createdAt timestamp(6) with time zone,
    pendingSince timestamp(6) with time zone,
    version bigint not null,
    changedJson text not null,
    groupsJson text not null,
    idsEverUsedJson text not null,
    method varchar(255),
    projection_id varchar(255) not null,
    primary key (version, projection_id)
);
