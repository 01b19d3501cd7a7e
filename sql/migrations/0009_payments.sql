-- 0009_payments.sql: 毕业申请支付 (PAY-1 … PAY-4): the orders an examinee creates, and
-- every message a payment provider sent about them, as received.
--
-- An order is 'open' from 创建订单 until it is paid or closed. The database keeps the two
-- rules that protect the examinee's money: at most one open order per application (a new
-- one only after the previous one is closed), and at most one paid order per application
-- (no application is paid twice). Paying is one UPDATE … WHERE status = 'open' under the
-- order's row lock, in the transaction that moves the application to 'paid'; a provider's
-- trade number pays at most one order.
CREATE TABLE payment_orders (
    id                bigserial PRIMARY KEY,
    order_no          text NOT NULL UNIQUE CHECK (order_no ~ '^ZK[0-9]{18}$'),   -- 商户订单号
    application_id    bigint NOT NULL REFERENCES applications (id),
    examinee_id       bigint NOT NULL REFERENCES examinees (id),
    amount_fen        integer NOT NULL CHECK (amount_fen BETWEEN 1 AND 1000000000),
    currency          text NOT NULL DEFAULT 'CNY' CHECK (currency = 'CNY'),
    status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'closed')),
    channel           text CHECK (channel IN ('unionpay', 'alipay', 'wechat')),  -- set at 确认支付
    channel_chosen_at timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    expires_at        timestamptz NOT NULL,
    paid_at           timestamptz,           -- the provider's time of payment
    trade_no          text CHECK (trade_no ~ '^[A-Za-z0-9]{8,64}$'),  -- the provider's 交易号
    paid_via          text CHECK (paid_via IN ('notification', 'query')),
    settled_at        timestamptz,           -- when this system learnt of the payment
    closed_at         timestamptz,
    close_reason      text CHECK (close_reason IN ('expired', 'cancelled')),
    CHECK ((channel IS NULL) = (channel_chosen_at IS NULL)),
    CHECK ((status = 'paid') = (paid_at IS NOT NULL AND trade_no IS NOT NULL AND paid_via IS NOT NULL
                                AND settled_at IS NOT NULL)),
    CHECK (status <> 'paid' OR channel IS NOT NULL),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL AND close_reason IS NOT NULL)),
    CHECK (expires_at > created_at)
);
CREATE UNIQUE INDEX payment_orders_one_open ON payment_orders (application_id) WHERE status = 'open';
CREATE UNIQUE INDEX payment_orders_one_paid ON payment_orders (application_id) WHERE status = 'paid';
CREATE UNIQUE INDEX payment_orders_trade ON payment_orders (channel, trade_no) WHERE trade_no IS NOT NULL;
CREATE INDEX payment_orders_examinee ON payment_orders (examinee_id, created_at);
CREATE INDEX payment_orders_unfinished ON payment_orders (expires_at) WHERE status = 'open';

-- Every message from a provider, stored as received before anything is decided, with what
-- was decided: a notification POSTed to /pay/notify/<channel>, or the answer to a query or
-- close that zikao-ctl reconcile or 取消订单 asked for. Outcomes:
--   applied       the order was paid by it
--   duplicate     the same payment again (the provider retries until acknowledged)
--   not_paid      verified, but says nothing was paid (CLOSED, NOTPAY, NOT_FOUND)
--   malformed     not a message of the protocol (garbage, missing or bad fields)
--   bad_signature not signed by the channel's provider key
--   wrong_merchant signed, but for another merchant or another channel
--   unknown_order signed, but for an order number this system never made
--   mismatch      signed, but the amount, currency or trade number disagrees with the order
--   order_closed  signed, paid, but for an order already closed (an alarm for the finance office)
--   stale         signed, but too old or from the future (a replay)
--   replay        a notify_id seen before with a different body
-- Everything but applied, duplicate and not_paid is an alarm: logged as an error and never applied.
CREATE TABLE payment_messages (
    id           bigserial PRIMARY KEY,
    received_at  timestamptz NOT NULL DEFAULT now(),
    source       text NOT NULL CHECK (source IN ('notification', 'query', 'close')),
    channel      text NOT NULL CHECK (length(channel) BETWEEN 1 AND 32),  -- as the URL named it
    body         bytea NOT NULL CHECK (length(body) <= 65536),
    notify_id    text,
    order_no     text,
    order_id     bigint REFERENCES payment_orders (id),
    outcome      text NOT NULL CHECK (outcome IN ('applied', 'duplicate', 'not_paid', 'malformed', 'bad_signature',
                                                  'wrong_merchant', 'unknown_order', 'mismatch', 'order_closed',
                                                  'stale', 'replay')),
    detail       text NOT NULL DEFAULT '' CHECK (length(detail) <= 500)
);
CREATE INDEX payment_messages_order ON payment_messages (order_id);
CREATE INDEX payment_messages_notify ON payment_messages (channel, notify_id) WHERE notify_id IS NOT NULL;
CREATE INDEX payment_messages_alarms ON payment_messages (received_at)
    WHERE outcome NOT IN ('applied', 'duplicate', 'not_paid');
