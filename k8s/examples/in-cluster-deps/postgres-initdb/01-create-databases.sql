-- One database per service that keeps metadata (the inference-service keeps none). Runs once, when the
-- PostgreSQL data directory is first initialised; the owner is the role of POSTGRES_USER.
CREATE DATABASE ensemble_gradient;
CREATE DATABASE ensemble_affinity;
CREATE DATABASE ensemble_cluster;
CREATE DATABASE ensemble_trainer;
