-- One row per backup run (GET /api/backups): where it went, whether it is complete, what each step stored.
create table backup_run (
    run_id     varchar(64)  primary key,
    folder     varchar(255) not null,
    status     varchar(16)  not null,
    started_at timestamp    not null,
    ended_at   timestamp,
    error      varchar(4000),
    objects    text         not null
);
create index backup_run_started on backup_run (started_at);
