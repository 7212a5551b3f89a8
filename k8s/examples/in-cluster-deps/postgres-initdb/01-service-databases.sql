-- One database and one login role per service that keeps metadata (the inference-service keeps none). Runs once,
-- when the PostgreSQL data directory is first initialised, as the role of POSTGRES_USER. Each service's role owns
-- its database (its Flyway migrations create the tables there) and may connect to no other; the passwords come
-- from the container's environment (the Secret ensemble-postgres-credentials, or docker-compose.yml).
\set ON_ERROR_STOP on
\getenv gradient_password GRADIENT_DB_PASSWORD
\getenv affinity_password AFFINITY_DB_PASSWORD
\getenv cluster_password CLUSTER_DB_PASSWORD
\getenv trainer_password TRAINER_DB_PASSWORD

CREATE ROLE ensemble_gradient LOGIN PASSWORD :'gradient_password';
CREATE DATABASE ensemble_gradient OWNER ensemble_gradient;
REVOKE ALL ON DATABASE ensemble_gradient FROM PUBLIC;

CREATE ROLE ensemble_affinity LOGIN PASSWORD :'affinity_password';
CREATE DATABASE ensemble_affinity OWNER ensemble_affinity;
REVOKE ALL ON DATABASE ensemble_affinity FROM PUBLIC;

CREATE ROLE ensemble_cluster LOGIN PASSWORD :'cluster_password';
CREATE DATABASE ensemble_cluster OWNER ensemble_cluster;
REVOKE ALL ON DATABASE ensemble_cluster FROM PUBLIC;

CREATE ROLE ensemble_trainer LOGIN PASSWORD :'trainer_password';
CREATE DATABASE ensemble_trainer OWNER ensemble_trainer;
REVOKE ALL ON DATABASE ensemble_trainer FROM PUBLIC;
