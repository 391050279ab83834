-- The operator login when no password is configured: only the hash of the generated password is kept.
CREATE TABLE admin_account (
    username      VARCHAR(100) PRIMARY KEY,
    password_hash VARCHAR(200) NOT NULL
);
