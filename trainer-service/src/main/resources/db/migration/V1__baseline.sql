-- The trainer-service's schema as Hibernate's `update` mode created it for the entities of this commit (ADR 0114).
-- A database that already holds these tables is baselined at version 1 instead (quarkus.flyway.baseline-on-migrate).

create table adapter (
    createdAt timestamp(6) with time zone,
    groupingVersion bigint not null,
    adapterId varchar(255) not null,
    groupId varchar(255) not null,
    kind varchar(255) not null check ((kind in ('GROUP','BOOST','META'))),
    membershipKey text not null,
    metrics text,
    prefix varchar(255) not null,
    runId varchar(255),
    tasks text not null,
    primary key (adapterId)
);

create table dataset (
    revision integer not null,
    announcedCount bigint,
    declaredAt timestamp(6) with time zone,
    readyAt timestamp(6) with time zone,
    sealedAt timestamp(6) with time zone,
    testCount bigint not null,
    trainCount bigint not null,
    validationCount bigint not null,
    version bigint not null,
    traceParent varchar(64),
    shortfall varchar(1000),
    contentSha256 varchar(255),
    description text,
    gradientsRequested varchar(255),
    id varchar(255) not null,
    labels text not null,
    prompt text,
    state varchar(255) not null check ((state in ('DECLARED','SEALED','READY'))),
    primary key (id)
);

create table ensemble_build (
    affinityVersion bigint not null,
    createdAt timestamp(6) with time zone,
    ensembleVersion bigint,
    groupingVersion bigint not null,
    publishedAt timestamp(6) with time zone,
    readyAt timestamp(6) with time zone,
    version bigint not null,
    traceParent varchar(64),
    boostDecisions text,
    boostRuns text not null,
    failure text,
    groups text not null,
    manifestKey varchar(255),
    projectionId varchar(255),
    scores text,
    state varchar(255) not null check ((state in ('TRAINING','BOOSTING','READY','PUBLISHED','FAILED','SUPERSEDED'))),
    tasks text not null,
    primary key (groupingVersion)
);

create table meta_adapter (
    epochs integer not null,
    frozenA boolean not null,
    createdAt timestamp(6) with time zone,
    trainExamples bigint not null,
    adapterId varchar(255) not null,
    datasets text not null,
    metrics text,
    prefix varchar(255) not null,
    runId varchar(255),
    primary key (adapterId)
);

create table rejected_sample (
    rejectedAt timestamp(6) with time zone,
    datasetId varchar(255) not null,
    reason text not null,
    sampleId varchar(255) not null,
    primary key (datasetId, sampleId)
);

create table sample (
    label integer not null,
    datasetId varchar(255) not null,
    requestedSplit varchar(255) check ((requestedSplit in ('TRAIN','VALIDATION','TEST'))),
    sampleId varchar(255) not null,
    split varchar(255) check ((split in ('TRAIN','VALIDATION','TEST'))),
    text text not null,
    primary key (datasetId, sampleId)
);

create table training_run (
    attempt integer not null,
    createdAt timestamp(6) with time zone,
    finishedAt timestamp(6) with time zone,
    groupingVersion bigint not null,
    startedAt timestamp(6) with time zone,
    version bigint not null,
    adapterId varchar(255) not null,
    groupId varchar(255) not null,
    kind varchar(255) not null check ((kind in ('GROUP','BOOST','META'))),
    membershipKey text not null,
    message text,
    metrics text,
    runId varchar(255) not null,
    state varchar(255) not null check ((state in ('PENDING','RUNNING','SUCCEEDED','FAILED'))),
    tasks text not null,
    primary key (runId)
);

create index adapter_group
   on adapter (groupId);

create index sample_dataset
   on sample (datasetId);

-- Named as Hibernate names it (update mode adds the unique key separately, under this name).
alter table ensemble_build
   add constraint UKbtp3f7gvy3utkfel1s2dlj3wx unique (ensembleVersion);
