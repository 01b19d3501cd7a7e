-- 0013_county_offices.sql: 县（市、区）自考部门地址及联系方式 (CTR-4): one office per county
-- of `counties` (0002, from the province's list of county-level divisions), shown at
-- /contacts and linked from 毕业申请 step 1, 毕业照 and the registration pages.
-- The office names follow the back office's naming (长治市潞州区招办) and the telephone
-- area codes are the cities' real ones, but the street addresses and the local numbers are
-- not known yet: they are stored as placeholders ("待核实") with confirmed = false, and the
-- page says so while any office is unconfirmed. The administrator fills in an office with
--   UPDATE county_offices SET address = '…', phone = '0351-…', hours = '…', confirmed = true,
--          updated_at = now() WHERE county_code = '140105';
CREATE TABLE county_offices (
    county_code  char(6) PRIMARY KEY REFERENCES counties (code),
    office_name  text NOT NULL CHECK (length(office_name) BETWEEN 1 AND 100),
    address      text NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
    area_code    text NOT NULL CHECK (area_code ~ '^0[0-9]{2,3}$'),
    phone        text NOT NULL CHECK (length(phone) BETWEEN 1 AND 100),
    hours        text NOT NULL DEFAULT '' CHECK (length(hours) <= 100),
    confirmed    boolean NOT NULL DEFAULT false,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

INSERT INTO county_offices (county_code, office_name, address, area_code, phone)
SELECT c.code, c.city_name || c.name || '招办', '山西省' || c.city_name || c.name || '（详细地址待核实）', a.area_code,
       a.area_code || '-（号码待核实）'
  FROM counties c
  JOIN (VALUES ('140100', '0351'), ('140200', '0352'), ('140300', '0353'), ('140400', '0355'), ('140500', '0356'),
               ('140600', '0349'), ('140700', '0354'), ('140800', '0359'), ('140900', '0350'), ('141000', '0357'),
               ('141100', '0358')) AS a (city_code, area_code) ON a.city_code = c.city_code;
