CREATE VIEW user_profile AS
    SELECT id AS user_id, email, username FROM users;
