-- Demo only (zikao-ctl load-demo; never applied by migrations): the current batch and
-- its business windows. 毕业申请 runs from 7 days before to 30 days after the day the
-- demo is first loaded; loading again keeps the existing rows.
INSERT INTO batches (name, is_current) VALUES ('2025年下半年', true) ON CONFLICT (name) DO NOTHING;

WITH b AS (SELECT id FROM batches WHERE name = '2025年下半年'),
     today AS (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS d)
INSERT INTO business_windows (batch_id, business_code, opens_at, closes_at, always_open)
SELECT b.id, w.code, w.opens_at, w.closes_at, w.always_open
FROM b, today,
LATERAL (VALUES
    ('graduation', ((today.d - 7)::timestamp AT TIME ZONE 'Asia/Shanghai'),
                   ((today.d + 31)::timestamp AT TIME ZONE 'Asia/Shanghai') - interval '1 second', false),
    ('theory',     ((today.d - 60)::timestamp AT TIME ZONE 'Asia/Shanghai'),
                   ((today.d - 20)::timestamp AT TIME ZONE 'Asia/Shanghai') - interval '1 second', false),
    ('exemption',  ((today.d + 10)::timestamp AT TIME ZONE 'Asia/Shanghai'),
                   ((today.d + 16)::timestamp AT TIME ZONE 'Asia/Shanghai') - interval '1 second', false),
    ('transfer',   NULL::timestamptz, NULL::timestamptz, true)
) AS w(code, opens_at, closes_at, always_open)
ON CONFLICT (batch_id, business_code) DO NOTHING;

-- 毕业申请费用 (PAY-1) of the demo batch: 60.00元 for every major, until an administrator
-- changes it at /admin/settings/fees.
INSERT INTO fees (batch_id, major_id, amount_fen)
SELECT id, NULL, 6000 FROM batches WHERE name = '2025年下半年'
ON CONFLICT DO NOTHING;
