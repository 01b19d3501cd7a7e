-- 0014_session_invalidation.sql: tells the modules' session caches (common/web/
-- session_cache.hpp) when what they keep has changed, whoever changed it: a module on any
-- host, zikao-ctl, or an administrator in psql.
--
-- A cached session is the row of `sessions` together with the profile 个人中心 shows
-- (examinees, counties, the current batch's application status; staff and their
-- county/city). Every change to one of those fires a key:
--   s:<hex of id_hash>   that session ended (logout, password change, purge, staff action)
--   e:<examinee id>      that examinee's profile, identity status or application status
--   t:<staff id>         that staff account (disabled, role, county)
--   *                    anything broader (a county renamed, the current batch switched,
--                        a purge of many sessions): every cache drops everything
-- Each key goes out as NOTIFY zikao_sessions (delivered at commit to every module's
-- listening connection, on every host) and, on connections that asked for it with
-- SET zikao.report_invalidations = on (the modules' worker connections), as a NOTICE
-- "zikao-invalidate KEY" inside the statement, so the module that made the change can
-- drop the entries on its own host before it answers (common/base/db.hpp).
-- A key that fires needlessly only costs a cache miss; a missing key would serve a stale
-- session, so the conditions below err on the side of firing.

CREATE FUNCTION zikao_invalidate(key text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('zikao_sessions', key);
    IF current_setting('zikao.report_invalidations', true) = 'on' THEN
        RAISE NOTICE 'zikao-invalidate %', key;
    END IF;
END
$$;

-- Sessions deleted: one key each, or "*" when a statement removes many (the clean-up
-- timer's purge), so that a purge does not queue thousands of notifications.
CREATE FUNCTION sessions_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    h bytea;
BEGIN
    IF (SELECT count(*) FROM gone) > 200 THEN
        PERFORM zikao_invalidate('*');
    ELSE
        FOR h IN SELECT id_hash FROM gone LOOP
            PERFORM zikao_invalidate('s:' || encode(h, 'hex'));
        END LOOP;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER sessions_invalidate AFTER DELETE ON sessions
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION sessions_deleted();

-- One key for the changed row: TG_ARGV[0] is the key's prefix, TG_ARGV[1] the column that
-- names the session or subject (the row before the change; the new one for an INSERT).
CREATE FUNCTION row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    named text := to_jsonb(CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END) ->> TG_ARGV[1];
BEGIN
    IF TG_ARGV[0] = 's:' THEN
        named := substr(named, 3);  -- a bytea arrives as '\x' followed by its hex
    END IF;
    PERFORM zikao_invalidate(TG_ARGV[0] || named);
    RETURN NULL;
END
$$;
CREATE FUNCTION everything_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM zikao_invalidate('*');
    RETURN NULL;
END
$$;

-- A session shortened or moved by hand (an administrator ending it early with UPDATE).
-- The once-a-minute touch only moves last_seen_at forward and does not fire.
CREATE TRIGGER sessions_invalidate_update AFTER UPDATE ON sessions FOR EACH ROW
    WHEN (NEW.expires_at < OLD.expires_at OR NEW.last_seen_at < OLD.last_seen_at OR
          (NEW.id_hash, NEW.subject_kind, NEW.subject_id) IS DISTINCT FROM (OLD.id_hash, OLD.subject_kind, OLD.subject_id))
    EXECUTE FUNCTION row_changed('s:', 'id_hash');

-- The examinee columns a session carries (session_find in common/store/sessions.cpp).
-- Failed-login counters and other bookkeeping do not fire.
CREATE TRIGGER examinees_invalidate AFTER UPDATE ON examinees FOR EACH ROW
    WHEN ((OLD.name, OLD.ticket_no, OLD.gender, OLD.ethnicity, OLD.hukou, OLD.education, OLD.occupation,
           OLD.political_status, OLD.email, OLD.county_code, OLD.id_number_enc, OLD.phone_enc,
           OLD.identity_status, OLD.password_hash)
          IS DISTINCT FROM
          (NEW.name, NEW.ticket_no, NEW.gender, NEW.ethnicity, NEW.hukou, NEW.education, NEW.occupation,
           NEW.political_status, NEW.email, NEW.county_code, NEW.id_number_enc, NEW.phone_enc,
           NEW.identity_status, NEW.password_hash))
    EXECUTE FUNCTION row_changed('e:', 'id');
CREATE TRIGGER examinees_invalidate_delete AFTER DELETE ON examinees FOR EACH ROW
    EXECUTE FUNCTION row_changed('e:', 'id');

CREATE TRIGGER staff_invalidate AFTER UPDATE ON staff FOR EACH ROW
    WHEN ((OLD.username, OLD.display_name, OLD.role, OLD.county_code, OLD.city_code, OLD.active, OLD.password_hash)
          IS DISTINCT FROM
          (NEW.username, NEW.display_name, NEW.role, NEW.county_code, NEW.city_code, NEW.active, NEW.password_hash))
    EXECUTE FUNCTION row_changed('t:', 'id');
CREATE TRIGGER staff_invalidate_delete AFTER DELETE ON staff FOR EACH ROW
    EXECUTE FUNCTION row_changed('t:', 'id');

-- 个人中心 shows the status of the current batch's application.
CREATE TRIGGER applications_invalidate_insert AFTER INSERT ON applications FOR EACH ROW
    EXECUTE FUNCTION row_changed('e:', 'examinee_id');
CREATE TRIGGER applications_invalidate AFTER UPDATE ON applications FOR EACH ROW
    WHEN ((OLD.status, OLD.batch_id, OLD.attempt, OLD.examinee_id) IS DISTINCT FROM
          (NEW.status, NEW.batch_id, NEW.attempt, NEW.examinee_id))
    EXECUTE FUNCTION row_changed('e:', 'examinee_id');
CREATE TRIGGER applications_invalidate_delete AFTER DELETE ON applications FOR EACH ROW
    EXECUTE FUNCTION row_changed('e:', 'examinee_id');

-- Rare, broad changes: a county's name (part of the examinee profile and the staff city)
-- and which batch is current.
CREATE TRIGGER counties_invalidate AFTER UPDATE OR DELETE ON counties FOR EACH STATEMENT
    EXECUTE FUNCTION everything_changed();
CREATE TRIGGER batches_invalidate AFTER INSERT OR UPDATE OR DELETE ON batches FOR EACH STATEMENT
    EXECUTE FUNCTION everything_changed();
