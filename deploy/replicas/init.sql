-- The role pers-mock connects as: it owns its tables, and is not a superuser, so the row-level
-- security policies hold for it.
CREATE ROLE pers_app LOGIN PASSWORD 'pers_app';
GRANT ALL ON DATABASE pers TO pers_app;
GRANT ALL ON SCHEMA public TO pers_app;
