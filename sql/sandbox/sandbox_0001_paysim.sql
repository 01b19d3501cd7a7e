-- sandbox_0001_paysim.sql: the payment sandbox's own tables (modules/paysim, a development
-- stand-in that plays 银联, 支付宝 and 微信支付). Applied by the dev and test stacks only
-- (tests/stack/stack.sh: zikao-ctl migrate sql/sandbox, after sql/migrations); never
-- installed, so a production database has no schema paysim. The versions (file names)
-- start with "sandbox_" so they never collide with sql/migrations' NNNN_ ones in
-- schema_migrations.
--
-- A trade is what the sandbox knows of one merchant order at one channel: made by the
-- first checkout (or, with no amount, by a close of an order it never saw: a tombstone
-- that refuses any later checkout of it), then paid or closed once. A notification is one
-- message to the merchant's notify_url, its body signed and stored as built, so every
-- retry sends the same bytes until the merchant acknowledges it.
CREATE SCHEMA paysim;

CREATE TABLE paysim.trades (
    id           bigserial PRIMARY KEY,
    channel      text NOT NULL CHECK (channel IN ('unionpay', 'alipay', 'wechat')),
    merchant_id  text NOT NULL CHECK (merchant_id ~ '^[A-Za-z0-9_-]{1,32}$'),
    order_no     text NOT NULL CHECK (order_no ~ '^ZK[0-9]{18}$'),
    amount_fen   bigint CHECK (amount_fen > 0),            -- NULL: a tombstone (closed unseen)
    currency     text NOT NULL DEFAULT 'CNY' CHECK (currency = 'CNY'),
    subject      text NOT NULL DEFAULT '',
    notify_url   text NOT NULL DEFAULT '',
    return_url   text NOT NULL DEFAULT '',
    expires_at   timestamptz,                              -- NULL for a tombstone
    status       text NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'paid', 'closed')),
    trade_no     text UNIQUE CHECK (trade_no ~ '^[A-Za-z0-9]{8,64}$'),
    paid_at      timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel, merchant_id, order_no),
    CHECK ((status = 'paid') = (trade_no IS NOT NULL AND paid_at IS NOT NULL)),
    CHECK (amount_fen IS NOT NULL OR status = 'closed'),
    CHECK ((amount_fen IS NULL) = (expires_at IS NULL))
);
CREATE INDEX paysim_trades_newest ON paysim.trades (created_at DESC, id DESC);

CREATE TABLE paysim.notifications (
    id              bigserial PRIMARY KEY,
    trade_id        bigint NOT NULL REFERENCES paysim.trades (id),
    notify_id       text NOT NULL UNIQUE CHECK (notify_id ~ '^[0-9a-f]{32}$'),
    url             text NOT NULL,
    body            text NOT NULL CHECK (length(body) <= 16384),
    due_at          timestamptz NOT NULL,                  -- when the first attempt was due
    next_attempt_at timestamptz NOT NULL,
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_status     integer,                               -- HTTP status; NULL: none arrived
    last_answer     text CHECK (length(last_answer) <= 200),
    acknowledged_at timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX paysim_notifications_trade ON paysim.notifications (trade_id);
CREATE INDEX paysim_notifications_due ON paysim.notifications (next_attempt_at) WHERE acknowledged_at IS NULL;
