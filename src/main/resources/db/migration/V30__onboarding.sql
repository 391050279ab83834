-- Sign-ups the onboarding flow has seen (pending ones it screened): the run that posted the account's card, and
-- the IP and e-mail domain for the "several sign-ups from one IP within a day" signal.
CREATE TABLE onboarding_signup (
    account_id   VARCHAR(64)  NOT NULL PRIMARY KEY,
    run_id       VARCHAR(64)  NOT NULL,
    ip           VARCHAR(64),
    email_domain VARCHAR(255),
    signed_up_at TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_onboarding_signup_ip ON onboarding_signup (ip, signed_up_at);

-- One welcome message per account: the row is inserted in the same transaction as the welcome step, before the
-- message is sent, so whichever run (on whichever node) commits first is the only one that welcomes.
CREATE TABLE onboarding_welcome (
    account_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    run_id     VARCHAR(64)  NOT NULL,
    status_id  VARCHAR(64),
    sent_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
