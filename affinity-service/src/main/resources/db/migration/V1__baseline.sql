-- The affinity-service's schema as Hibernate's `update` mode created it for the entities of this commit (ADR 0114).
-- A database that already holds these tables is baselined at version 1 instead (quarkus.flyway.baseline-on-migrate).

create table affinity_version (
    seconds float(53) not null,
    subsets integer not null,
    subsetsEstimated integer not null,
    createdAt timestamp(6) with time zone,
    pendingSince timestamp(6) with time zone,
    version bigint not null,
    estimator varchar(1000),
    matrixJson text not null,
    metric varchar(255),
    projection_id varchar(255) not null,
    revisions text not null,
    tasksJson text not null,
    primary key (version, projection_id)
);

create table completed_task (
    dim integer not null,
    revision integer not null,
    completedAt timestamp(6) with time zone,
    expectedExamples bigint not null,
    dataset_id varchar(255) not null,
    projection_id varchar(255) not null,
    schedule_json varchar(255),
    primary key (dataset_id, projection_id)
);

create table example_gradient (
    f0 float(53) not null,
    revision integer not null,
    validation boolean not null,
    dataset_id varchar(255) not null,
    projection_id varchar(255) not null,
    sample_id varchar(255) not null,
    vector bytea not null,
    primary key (revision, dataset_id, projection_id, sample_id)
);

create table known_dataset (
    labelCount integer not null,
    revision integer not null,
    readyAt timestamp(6) with time zone,
    dataset_id varchar(255) not null,
    primary key (dataset_id)
);

create table subset_estimate (
    accuracy float(53) not null,
    examples integer not null,
    gradientNorm float(53) not null,
    iterations integer not null,
    loss float(53) not null,
    estimator varchar(1000),
    revisions varchar(4000),
    subset_key varchar(4000) not null,
    projection_id varchar(255) not null,
    task_id varchar(255) not null,
    primary key (subset_key, projection_id, task_id)
);

create index example_gradient_task
   on example_gradient (projection_id, dataset_id, revision, validation);
