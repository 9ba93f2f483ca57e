from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "star_subscriptions" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "charge_id" VARCHAR(128) NOT NULL UNIQUE,
    "status" VARCHAR(16) NOT NULL,
    "period_end" TIMESTAMPTZ NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "cancelled_at" TIMESTAMPTZ,
    "plan_id" INT NOT NULL REFERENCES "plans" ("id") ON DELETE RESTRICT,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT
);
COMMENT ON COLUMN "star_subscriptions"."status" IS 'ACTIVE: active\nCANCELLED: cancelled';
COMMENT ON TABLE "star_subscriptions" IS 'A Telegram Stars subscription (its orders point to it): who, which plan, the first';
        CREATE TABLE IF NOT EXISTS "orders" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(16) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "amount" BIGINT NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "open_key" VARCHAR(64) UNIQUE,
    "token" VARCHAR(32) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "paid_at" TIMESTAMPTZ,
    "closed_at" TIMESTAMPTZ,
    "plan_id" INT NOT NULL REFERENCES "plans" ("id") ON DELETE RESTRICT,
    "quote_id" UUID REFERENCES "quotes" ("id") ON DELETE RESTRICT,
    "subscription_id" INT REFERENCES "star_subscriptions" ("id") ON DELETE RESTRICT,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_orders_user_id_09581a" ON "orders" ("user_id", "status");
COMMENT ON COLUMN "orders"."kind" IS 'ONE_TIME: one_time\nSUBSCRIPTION: subscription\nRENEWAL: renewal';
COMMENT ON COLUMN "orders"."status" IS 'CREATED: created\nAWAITING_PAYMENT: awaiting_payment\nPAID: paid\nFULFILLED: fulfilled\nEXPIRED: expired\nCANCELLED: cancelled\nREFUNDED: refunded';
COMMENT ON TABLE "orders" IS 'One purchase of one plan by one user, at the price of the quote it was made from.';
        CREATE TABLE IF NOT EXISTS "order_transitions" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "from_status" VARCHAR(16),
    "to_status" VARCHAR(16) NOT NULL,
    "cause" VARCHAR(32) NOT NULL,
    "note" VARCHAR(255) NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    "order_id" INT NOT NULL REFERENCES "orders" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_order_trans_order_i_48ba4e" ON "order_transitions" ("order_id", "at");
COMMENT ON COLUMN "order_transitions"."from_status" IS 'CREATED: created\nAWAITING_PAYMENT: awaiting_payment\nPAID: paid\nFULFILLED: fulfilled\nEXPIRED: expired\nCANCELLED: cancelled\nREFUNDED: refunded';
COMMENT ON COLUMN "order_transitions"."to_status" IS 'CREATED: created\nAWAITING_PAYMENT: awaiting_payment\nPAID: paid\nFULFILLED: fulfilled\nEXPIRED: expired\nCANCELLED: cancelled\nREFUNDED: refunded';
COMMENT ON TABLE "order_transitions" IS 'Each move of an order, with when and why (`cause` is a code, e.g. invoice_sent,';
        CREATE TABLE IF NOT EXISTS "payments" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "charge_id" VARCHAR(128) NOT NULL UNIQUE,
    "provider_charge_id" VARCHAR(128) NOT NULL,
    "telegram_user_id" BIGINT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "amount" BIGINT NOT NULL,
    "invoice_payload" VARCHAR(128) NOT NULL,
    "is_recurring" BOOL NOT NULL,
    "subscription_expires_at" TIMESTAMPTZ,
    "outcome" VARCHAR(16) NOT NULL,
    "problem" VARCHAR(32) NOT NULL,
    "received_at" TIMESTAMPTZ NOT NULL,
    "refunded_at" TIMESTAMPTZ,
    "refund_cause" VARCHAR(32) NOT NULL,
    "receipt_update_id" BIGINT,
    "receipt_sent_at" TIMESTAMPTZ,
    "order_id" INT REFERENCES "orders" ("id") ON DELETE RESTRICT
);
COMMENT ON COLUMN "payments"."outcome" IS 'APPLIED: applied\nREFUND_DUE: refund_due\nREFUNDED: refunded';
COMMENT ON TABLE "payments" IS 'Money that arrived, recorded once per Telegram charge whether or not it matched an';
        CREATE TABLE IF NOT EXISTS "ledger_entries" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(64) NOT NULL UNIQUE,
    "kind" VARCHAR(24) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "commission_id" INT REFERENCES "commissions" ("id") ON DELETE RESTRICT,
    "order_id" INT REFERENCES "orders" ("id") ON DELETE RESTRICT,
    "payment_id" INT REFERENCES "payments" ("id") ON DELETE RESTRICT,
    "payout_id" INT REFERENCES "payouts" ("id") ON DELETE RESTRICT
);
COMMENT ON COLUMN "ledger_entries"."kind" IS 'PAYMENT: payment\nREFUND: refund\nCOMMISSION: commission\nCOMMISSION_REVERSAL: commission_reversal\nPAYOUT: payout';
COMMENT ON TABLE "ledger_entries" IS 'One movement of money, in one currency: its lines sum to zero. Append-only; `key` makes';
        CREATE TABLE IF NOT EXISTS "ledger_lines" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "account" VARCHAR(24) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "amount" BIGINT NOT NULL,
    "entry_id" BIGINT NOT NULL REFERENCES "ledger_entries" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_ledger_line_account_56f0e7" ON "ledger_lines" ("account", "currency");
COMMENT ON COLUMN "ledger_lines"."account" IS 'TELEGRAM_BALANCE: telegram_balance\nREVENUE: revenue\nCOMMISSION_EXPENSE: commission_expense\nAFFILIATE_PAYABLE: affiliate_payable\nPAID_OUT: paid_out';
COMMENT ON TABLE "ledger_lines" IS 'One side of an entry: a debit (positive) or a credit (negative), in minor units.';
-- The database refuses an order that does not start as created, and any status change that
-- models.orders.ORDER_TRANSITIONS does not allow (SQLite gets the same from app/db.py).
CREATE OR REPLACE FUNCTION orders_guard_status() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.status <> 'created' THEN
        RAISE EXCEPTION 'an order starts as created' USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status <> OLD.status
        AND OLD.status || '>' || NEW.status NOT IN ('created>awaiting_payment', 'created>cancelled', 'created>expired', 'created>paid', 'awaiting_payment>cancelled', 'awaiting_payment>expired', 'awaiting_payment>paid', 'paid>fulfilled', 'paid>refunded', 'fulfilled>refunded') THEN
        RAISE EXCEPTION 'illegal order transition % -> %', OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER orders_guard_status BEFORE INSERT OR UPDATE OF status ON "orders"
    FOR EACH ROW EXECUTE FUNCTION orders_guard_status();"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "ledger_lines";
        DROP TABLE IF EXISTS "ledger_entries";
        DROP TABLE IF EXISTS "payments";
        DROP TABLE IF EXISTS "order_transitions";
        DROP TABLE IF EXISTS "orders";
        DROP FUNCTION IF EXISTS orders_guard_status();
        DROP TABLE IF EXISTS "star_subscriptions";"""


MODELS_STATE = (
    "eJztXW1z2ziS/isof5mkSpNNnJfJ6a6uSnaUjG5syyvLmdmNpxiYgiSsSYDDFzu6vfz3Q4"
    "OkxHeTFCVTDL5kxiQaFJ8GAfTTje5/H5l8RgznxWA+pwbFLjnqo38fMWzC/6Rv9tARtqzN"
    "Lbjg4ltDtsZhM3kZ3zqujXVX3JljwyHi0ow4uk0tl3IG7QfIc4iNKEPukqC1NLJsvrCx2U"
    "MP1F3Ke7p4GPwPtZFN5sS2sYEMyu6Qjm2bEucFPHDGdfFEyhY76Ntj9C+PaC5fENHUFk/4"
    "8qe4TNmMfBOvG/xp3WlzSoxZDEM6gw7kdc1dWfLaiLkfZUP42beazg3PZJvG1spdcrZuTZ"
    "kLVxeEEVu8A3Tv2h4AyjzDCNAPMfZ/6aaJ/xMjMjMyx54BagFp/wdsrh1p2sV4ql0Np5p2"
    "lFJZKBFBOrikcwbqFj/VkW+/gJ/w8/GrN7+8ef/63Zv3oon8mesrv3z3H70BxheU8FxMj7"
    "7L+9jFfguJ8QZUUFoa1tMltrNxDdsnkBU/OYlsiGN7oTXxN80gbOEuxZ+v3hXg+HkwOf11"
    "MHn26t1zeCAXn6P/pV4Ed47lLYB6A+2/OGVkpmE3je8HgZFLTZKNcUwwAfQskHwR/k8d2M"
    "MLG9w3E8s+gLcJno2ZsQoUXgD8dHQ+vJoOzi/hcabj/GVI+AbTIdw5lldXiavPkkpad4J+"
    "H01/RfAn+uf4Yijh5Y67sOUTN+2m/zyC34Q9l2uMP2h4Fhmb4dUQtZjOYa7Usiaq6+vRh2"
    "xtR0QSuvY8OnsBggf3aRVoVH5Hr30VRcGX7/n9O8z+87vIVAUXbrF+94DtmRa7E5nEDKrf"
    "OWnQTwK5j79NiIHlS6RRTi7Np9DZAX5V38OBFV7dfF3R6d40qeOIrreE63TdUVehsvCKe+"
    "6WMF3KTroKUbjN2xKkSdBNl2CCaYsf88zpCmb8NGJjRqZc/CNXiZHoDzM9a6sVgHYddHKI"
    "60IKLnHZxg/rPX90TRRvLt6XuP6+dHB1OvgwPPoeWxXiOMMt89hMXsEML+T7wi+D35E97x"
    "cZbeuVoYTlpm3WpDL229+Eum1XWE829xZLhNnG0vrJkVZUD92uEEaMPPgGGbcR426WvbZV"
    "Xxn22ZcjVygAjD0toheTOI5AFP76M2HBfYnA4DfWxY7P9be0f1ay707o4kcx8f7j+Pj161"
    "+OX75+9/7tm19+efv+5drWS98qMvpORp/A7ottgR83BLN0XF4XWdKPa+YAJvh9Kicy82w+"
    "rkpqiMspBdRWgJgatexl+oRzg2CWjX9ULIH+rZA7QPiLkByPz2Jm+ckogevF9fnJcPLslT"
    "T2RCPq5sAdWR9SgBdzJXFJRZYcElmS3CWUpHaTYl2a5rbieVPcSQbUaZw/cpvQBfuNrEpa"
    "HjEnxoHBXNYASY6xElZIirVKmyUNWSwWFco6yrJU/DvFFopFtTuyquRZEmaDEEFzYSdIJ5"
    "Bl2fxeCKDB5aiPuJicEHUddPXr4Ofjt+8QheZWpm2yZW/Ke9Qu75HQo7bEzrKKBykq0zkv"
    "0rs3JbxI797kepHgVnxrZNlkTr9VAXgj0Qy8T70yxt10x2XcdMf5brrjJMBq7/kj7j1tcs"
    "/vamk9LtmA1oOf2xalH4iSQ0wKtWxgxwWDvI6ek7JK023WdHsc7+1ValXX+2Meq8qWY12f"
    "VTsgbdhrtTd7UewUGSPGQA/eO2U2xhv0iqxH3W+qYdm2tBEptqQm9cyfA3EE/11AsCB20T"
    "RwHUDQIEy36BlYhbfcRYYYo9IUxDOTMmTTxdJ1emA0ZliWTT/ihoU9CQN0wRmRV9GJEBJ2"
    "KnrADprxB/a8JzoVP0N0eruSLUBpC5t7bIb+xW+Rx1wq+nBFH8S5YaFXThi/ol/GxS8QP9"
    "MW/THxPZQ0cr+IrTx2PQk/I99csUK5xLTc6v41ZQFvbwFXNH47apg1b/neiffKxnbIPDO1"
    "5MRxDmTbDLQYXZ9H02EfUXZPXTHhTIbn48/ibzGT8fvUHFdGCe9L6OB9rgreJzWwmWXq6G"
    "AjvT8tHFmEzQCviqq4HF58GF186qNA/oZ9EBvVvpjimVDMh8n48nL4Qfxpc8sisxaoJpjx"
    "M5ST7zeJiOzPZ/Kq1RN7wlQkts0zNrr583lcao/jvOIArzmpH799W2LYila5A1feS/rW4z"
    "uWFNzFdnmGeAepty7Z5ophzf/cusuwzimjzrKW2hOiinlr89etmDfFvCnmLZt52xySyaLd"
    "YkdoCji3+JmdMnybfzBDhlo4Yu9KEJ8jYckgBxsEPQPuyXVEo3tiiyvPe+HpXrgtRHRPyD"
    "J9lRXA0WDPmaHm0DDQpLThk7Hlit3aJ7sV0UZZiygi0mbypXb4QRk7XrQqCEBI2fKdJ7qu"
    "BmfDvpwDgOT6eH3xoS+peNYGJiWck6oM8qhMm5GvOcpfl0D4dS7Cr1M0IkwJ2OQey7AEio"
    "4zJAS7FOi75/MMddBXwDcB/D2mEpEaZnBStoP8R5cMYR0WaMOoR3QlZBXl0WpNK0LzByQ0"
    "1XGl3Xnfbr1VZRYxKqNoxOSxAZl4pNpIjcnUGqYtW3PUobpWsbTlDtWlpgVFfz8GbHQmfB"
    "xUa52TaEtUSyc3atm0UBbW2HwYw1X8AnRxfXZW5FiIhJaQ2ULohzCIE90yV9KZ7Gsoulp1"
    "B/iMbEnNOWEEVtQ1iCngH94T+cyUKybVplfkkCGb1hqB5iX9MtMlQUvquNxe9RG4SFZoYW"
    "PmQgjxPdel5nuIfLOouIPZTFzWuWl5Qr3B1bRHpqE+y8QcR5xsEMaqEvm0M5GPikjeWUQy"
    "Xp+QKIvuRqKDAL8ucxb3df5Z3Neps7hyRiJODWIlLqnoszbTZwadr7WQWCWKkitFxfaYXG"
    "l95WCzK82Ii2lWks78eSsiooKaywQ1K0o4H/3uUsJyq12NZIuKKI4tPVmpcFIVTvrUxM+j"
    "4aSpOaABTCMcxKewy8OaCsrCG50CK9Nqe6KKfBUUU0VrNZWjiuRrl6SKfodj6zKulnu2Tt"
    "AC3xP5t8zXDKnT4A9hu79A66RqWNeJ4yCXIywTrFHHL8uzFKqAMF1ZmidFIO3sSTcMjF/R"
    "mf/ePUSwvkQyN7V4NHpYEluWC5L93xLxJIIImznomUMIisB8Rex7qpPndYmq3vooqjobr8"
    "7Gd4OJ8j/WbHRLnMxeS7cZ7KPx5MNw0kfcnhExmww+nI8u+n6ijhs2nYwGZ/C5UGzcsMvJ"
    "+Hzch5pkJk/OcKXCuhsv/uRDrNlkXuUTiEu1WTltip+febb0c2gzvKpyID4lp+yxtD0mV+"
    "9axEZcsoPExoEQGaU4Wbkvq0O8xwSVklutZOVe+RG0fIBZe3xLsSL9fzQ4nY4gX5IvfcOG"
    "f1yOJpCmxx+tMzhs9nn821CeNpNJW9uxNxRWbq0FNSqnPsE2f4KMZwWF5u/7w/bK11bG16"
    "ZcBMpF8NQc9hYZJyILwTp4sH5AaFbo4kFO/E8WFTohJry5fVTM9q+b9coS/nYgUSFthy+A"
    "dAOLNXy2pt8tYlM+A2o9oN5lAlsYgz1JwENgZxDjSV2fRcfu835OqtxdPOaG+cMJbdQIbo"
    "EH8C6Y+I44fgpcxD3wNuji9eEWBKwKzZi3UIRyLvPl2h4Tg9dBAiuSnyYknKRCzlj+cI2w"
    "TeIQeG28cjTfs6DyiChPQBv4zx3Uh4kN/SrmRFxSUTettig6nyPmZPhxPBHGvD9fp435dp"
    "ju0SWl/DKRkNrfCeCXrV4vIpQVbJdqcM8bMcWHtHn2Ers+nWcFfOfvASIie2RFgh3xfsiR"
    "5s9PqCjkfOi7G4Ws+DDFhx0wH7ZLmid6XDqD3kmcps6nddJHuB/nc8aMICjkAVwQsBsmZ2"
    "QlM6IC1xKmEOzLjKkGZcRBjmdCUOX/Epu/QAMLalH8DPVw/xN9FSbxV59ISRE6O3rODYOj"
    "wjZUwwhSuJqR57gPVCcII8Z/5tYuavOqA8Nwr+sHhjtdurfzNvvl4B/nw4tpH1l4BbNCMr"
    "vrDTsdn5+Prq5G44s+2uSxjl7XJsPPw8kVBHNuGmhhBukbJp4xvvYfESQbqeyDLKPY43zF"
    "HqcUq1LG7jplrDJk6mxy22S4lOIFIl98Jb9LSk5F7qZJNRk3Xw3XqIiCNA1psM5VTqsXEV"
    "KwZsKqkhXuOFmh/LQb4DHGYT+HhW5ZHiM6A8aIjIlY7Caj02kql55JGjn+e7npqZvIxqfB"
    "Etjqsfo4W8IbL7bTTYRTu6JyA1glgyw5fHOSQW6ALRPzJxm4DLqrcg7IM9HR4Zov+432iy"
    "CWywKHeD5KAq81WI4CduhMVsnCDAF9vOojjGbklrromTCnKBxdeA7l4DESpusMLjOywPKy"
    "JHFNysRdoT7XSad/3MUDyhyxx7oeFgdZExsqIWQ7+d2IruowkRHxNvNWR9Ph2fDTZHCunQ"
    "zOBhenQ6FqMUUvbGxqt9iAV5PngYYX17LE+j1hHokRkcM/LocXV8MYD0m+WYQ5ot3g48fR"
    "2WgwHWqXg38MTqCe1SadtVgb4GWBrBx90AK6koo5SxGWLVp5dkpYqgJLT1RgSS55mdRBEf"
    "RRKQV+JfALOAYSOtK3tCWqJTlvmyrKWhTRMVjZoNjlbtmneDI2ymvuJ3+PLPmTCrtjy7P1"
    "JXbWdWQtsVKj29U6A1UPYVeGH1g2BBz4yaXQXx53CZwoecAOMrHY/85tbmZvjxt/QsUUVC"
    "r31JOcODko37v4/sWACvyRlVIkXQw1cMT1UdjDDbu6Prk6nYwup9Lr7ni3awnYAF8Mfwdf"
    "u9jakQds1NmeNh9Vr7ananvaoR3SgSfjCCIoqk5Fp5OhMI8/9FEgL2zm3wej6ejik7aOE8"
    "IPmEL2R20dMAQWs28t37CP12fCyD6DPuaeIYxrA3pJZ/U4BfPeb7eumxmGHg3XwUdtOTLE"
    "LcK0ijF2UZlamk+S7J2Os3P5HalUlWMt0MWFQx0qUbFYdWKxJGNZXccRMXUGr8361Q3u1P"
    "uKo4JKx23WMXAbFcOoNhJd2uU3FpomeaCKh+uiMlucrjuc76RCXeIoHVFtpGZIqrA/VT9l"
    "B+NVHQbd0WHQnBA0sQQ1gOll0E1HMY0s1CUwlUtQA6D+PeznkPiGspBG1+kSmEYXoAagvX"
    "KxfZXo8rCWrrI4Z6zc2wRQqmraj0RSxrgxGzOIARSNtoNK+n6n6946NNNmBfRvCVbngvl3"
    "Gp2bHFp5kQfx0fdIDIKWGPmPhyMMoT4VJDgIgmllNz30QN0lVKtiMv3lw3KFnn3VsdjifI"
    "UElxjp4gf0EHmxeIEou+dUJxrkpeolvQ9N93/DgrHa84MVtMA/ApXfxWZB9/8PPCGarJmz"
    "/isMiyxfUCt6KAa7KtC3pYG+EKGibedwTHTRiO9pR/G+yt+Y7W90+ZZjINZBmz1kagjkxd"
    "PA8lHFIboWaLO6W+MQVdUddlndobqDSrmXD8A19RTZKNqmz44d8W8bvFuf8X/iZIUha5Bh"
    "/0YIhXy7N8pdPG7unkOaQORCgQZs2/Tetxch4x+ZyRINUA4CTQNjEYo72wsChiqYiXCeVC"
    "xrECBvYldfChGffY9ZvM0/4oZJ5fX9JIdgIDNZQ2Jmc8sis10kIvxRjNedheL7as2c+gt2"
    "pFGhzuUa3EkZXMvm9xRmtlqAZ0t3bsu6E+TXB41zne9FJFiWdJe2O3uOuFeHSdRhko4O7Z"
    "D/Fxs9g+NK03uGaAcH+k5md+poYtMqZgj4HelBz7lBMMtBPSGagPxWyO4K8/WV/fISJ+Px"
    "WYySOBklhvXF9fnJUChBqkA0om7OaI+FDdQvXV3QjQpmbjVjVFQ05nE3xpMUkKnhxBhcXp"
    "6NwIcgDHuDbtwK2gc/UY302c480l53gzAdBGRmRWsjFOmcidG8w0GsIQTYkxqzX0JUkeSt"
    "nvLC77qWomOiamlrv561yn7apJyaO8vNnZareRYM/crkTKZ4h86d7NmCDeGsWfAxQ1xNdG"
    "2e6FQNgq45fVuG7tY+X3X44HACxYMc49n+8SDZaqF7XLQp5x3Px0F5l1vmXVbuHuXu6eZm"
    "+QBzh9lENHZqZA+bDP9+LVZin9wM+oiGareD6Vz/tFq2S1y2g1Rch2tsq+xIuXvAtqu3LC"
    "NHYE9QlY7bCHWOi9tJdH8wC9bg4aJyO+IFunpkMLKXW9esqGSMJMW6tKnbFTGzxqwBcmYQ"
    "7evAYC7L0CTHWNXI/KzCcVsyNF0sGhebDhSd9aR0FmQsyiKzgkxGBVSWaFHymMcAPeAVcj"
    "m69VYII8vmM093+2jJH5DB2QLOVxjYcZ0g/QCWJy50DlcoQwSSFoR8SbrAQuO9K3qtZfSa"
    "GHyVqLWgfeeObOwgbTV1jUrYrgU6yFnuJHJ35tly0dJmeJWxuuVODik55YfMZCdtRytOil"
    "YYHJ3dgQqRrhIiLX6ERTRZuajiea8M0RZne2nTrCK2W/Q+Y+IuHOwboT0O8HC1PNzxzW1X"
    "y4lwyE8UHBPaH1Xx8kAmblXPIR/q7jow/ADGOlqPSyqtt0XrGX6NdDpL3yCvWBMgJqS43s"
    "e53gCxBpjey01PBwZxWZ43Prq2iMXblBqtT1p2LdVN4uMXe/ttM9kamF1CP10FSeZO3RKk"
    "slnSDxIgMNNjVvqWYNXIe34wuO3aW+B/iTkug/VnWuw30DbTQhnvAYj85ATFkSmTZZNDxr"
    "4HF0zKuI2EalynJ1l+KJ88N7i4OKOODnGADnJcbiHsZjkQmn9Ahg/hy7rKxDr280/lV1Bh"
    "u20iq1TYbjdibOTUpNWBPynZGe5qzxpQZfB2be+qkk1blGx66jSjAcWQtY3csA8Fm0i/Uc"
    "kd5BU3xS5MwAlRIg4xjD5EgCxsDLs2wqRPG7KWojuyEts4T18i7KCvlk1M6plfIQvo13tq"
    "QVpCxojxNb2F3MkTVBxKy/aLKg5FxaEcqsc4+stSOE/Jt7wwFFIUGXGIBwyKPCvDP6Yxp0"
    "qI6LPzwR/PY46Vs/HFp7B5RAOnZ+OTBPCR2T+Dtfqfq/FFNvJJuaTTi+ou+j9kUGdne8Oj"
    "/5p7TAd80a1HDZcy5wU877+fQDWAU7FqklroxR1Z0EFSNeLXYKNqYFZcSEVlpU0fRh4g65"
    "2thdSYdmtVADhPvDOWaGNAqyggFQV0yONXRQHlQ32Y8SAqCuhH1HpeFFCKvSsTUrE+V7Rd"
    "wMABar+UK1xuP7fEZwp9XDuH+IU8jdvb5iY/BTYnm68MbvYeYSxNrgElpLI/KVqwk7Rg84"
    "lT78RrZUP7eO6hULbNBOHR5XByKkvEWsTWZWXYj6M/ZCVY+q1eavUy1GE+cZgu6OT/rmoW"
    "fFxIUSQZlrv0r1fiAyMi7aAC4bGdoQLvsUHFllQs0lWNkrikyrDUHhskbXr6uhKfETXqqX"
    "ktqvTcZj3Diug5WSHVuWtWVEStWOkVK8RHE4u7rBJYA9uYrAI5I2gsEtZSdl8QlWnHxqBT"
    "PsIcOqpAH6GAUkbjyphT23E1y7P1JXaIxoEpTamm0PuV04PK+FDBF6bcjnuDWnnI8tfew/"
    "SV5HnIavlKxCOJfY8bOBEnWezJprsDHBCtO2rZss3q07lOouMqz4OSGHuPOVKSI//xIPAx"
    "I0jYHojP/SSBJkfAxPfQUrwIuoXUgXJwIGnjywN+/t9BvVaI0aaOTASfjv9uuvPHfTxfAi"
    "B8L02kpuyfyvuzT+9P/aLAjdcBbumE3PYVuRSjZJMZIWbNogsxUcUctlnPasP9o2y4E7zb"
    "eikt6+OMiKjjmhmmK/C8mZBeX48+5MT3OXlVFz1PbIxA8ACBLUDNj4jwB350SMs3/Z42XC"
    "riGZVpEtAn3dDVh7PoMDF8zWlo66TO2gSDHeY4LZM8az3zZZ8pTk4DDQB77XQqR1YS08jM"
    "t/0x7cSkkUZfWKtTLv4piX3t1FJtmCcehT46SZbAfis2xEcygwJZQ5zPe2yYq1Ipk2QqIz"
    "6H4lAzOJTOfYbCRnNuyz/AT5XOdSTDHAKW4uvGQs048r6DZ9ywS7ySBx6RvsT2AugR8Z7G"
    "Cn11uYuNIC3JV0mziF4twnqiH7+Lmc+olKZPIp9cUKawGnOSv+w+xYIbcf3JJ8E/b57C7/"
    "folkblY3q6fEy34POskxUoIdglg2fPeYGiE1k1HSQllRJqK8GgLMsJlB/UsRZQQR0xSqeJ"
    "oI4DLDEMO4+K8B+NL4cXfbln2bamcMMh/sqDUedTaBPFWYrZVtWDu61f5bnInz477LlQaS"
    "abj8Heuy+oZdOicgXtf72p77tQDHsjDHtyVm3CG9StPBRJSPNyy25KqKTm1T272Fo2r27t"
    "YWtvcZoDQbparGtmoHU+nqFbbSfR1ocEcAWP2ITMiW1j4yjDKba+1yvyi9lBq5Kusd+XHN"
    "3a3FssXYSlt6qPHOIiLiadHsIuxOZSG8lzQuhvUHjGRc/8v1zu6cvnaU9YM12qtC7tCuxV"
    "9nQ+9N21p/F8Tg2Kc0Kt8ouWJMSUZd1qM7ANgSnNGoHrAdjADnsQ7evAxmzZLXbyg20y6i"
    "rbIK8YdFXXHG/D0G443G2rkKsrMfSzt5fBncLNpSPblI66Eg1mUATEF0OQFEie9Qr+JmxB"
    "GXmBZJU8B2GboBnRqSm660H1OAhiwg5yyTcXOVxIir0j46n95o6ec8NmdEFdOIdmiLkHPY"
    "jL5J7YsmcKGvUgNkvWyRO9OeKtSwdbRbPnqANqez6g5hJbjIrMlTc/sCoh1rlkhTspsrH5"
    "SqpAHZfqYhRb44khHVot52bYvoPglqnFk1+KJ1WJR4xCe6UZwjyqMllEhbqI8csyIL/MR/"
    "llNsxLulhWxzmUUkCXABqK8oqR6eQEmOVMF1EhBXMJmF18RzTL5nNaLXtZUm7/8ZVPY+nv"
    "pp4RNcncxmbFSmoRoQ6O9VfvyuzzkpRjZJv3LjnWW5VFtG3gHwgXXCqkzqVZRE65uORQts"
    "1f1NHHyXAourIJuWGXk+H56Pq8j4KipEna4Qkik1nm6cX8qSxs34EqhXFc374ss2CLVrnY"
    "ynvJZIpsQWzLptWs1YRYm8d3TbSbL2+qfIn50HfLl5hy0ZQJ1MGW2AHf423L+viE9iDo7A"
    "DHQjNRO7UcBGvUch0FUVwfcxhoMY2W8RyAR+QnBy34z3gpPgh5gtoPGxGK0D15/MsltkmB"
    "33c5Et0hcQkHlH/W8ewmuszg9r8E7yhvg5Pqz6Kj1ZH5qxrvX3QSsmPU/14OP6pAF7U4xR"
    "n0RZ5TKL+eaVRGhbi0OsSlHUt5s0Eum4VnywiXjev/MGF9NMAi9qWqJE0tTNLU4AbWxfaV"
    "dxt99fQWNtmmeBMrWmtOpHnpbexUgLKwsYnggQ6K9oGeURfyHMOZBGRxATNsOqn7vI8elr"
    "wn/qH6UmYM6smIExkgnbGtbfoRN8zykw79tM46RGdBTIwA0RHy0Ev42B7CbCZ6IjaBO/BJ"
    "zBwVwN3CwBdfmRXDXmJCKuilTNDL4eXvqMGUD06no8/DPvLLmNyw08HF6fDsDEp16vBehk"
    "Fq5fJo3jtlEZvymUayKqc+kuohJtlBc+5AzLdSvilltf8Yag4nlzqKTsiq/C1t1rTK5KHI"
    "mP1/JirtxNNwBjk5ElTeiUbyTqjsCO3zs4YEyik3RZs4/5HTpFdEUrlBY/EasnVpjuqWuy"
    "iQgVNQeGZS5iD/dyPq9pHNPVfA1xPGnk4cB9meAaeo2EySRiZhnjw6leVzbbRvRSi1jFDa"
    "DMvSdNJGpHNkUvOnenQBxILb1RKAR2TazCC1Jno5+rMq4JwQ6yDUx2/LYC1a5YIt7yVC8m"
    "3MHCOvQmvBuYiEXDvyTsNjO5N32iZ/eX76Ys/NOIVVWM06JauKWpcvar0GLxJpXgf7iLiq"
    "314B/6XYkRjCLNUNXO1YXEqwg6tA88HfhMGLZ4U4Fo3yiJSaW8qPbYfbrsZDs7xsXFtMaH"
    "9c6stdjeiGiVTla8qHulsRohWOL+yDK/qd3C45vzsq4IrCJr1SXNGD37pCyXibPyCL2Miz"
    "YJT6cUGWWP6Iz9g4RAxxF+lLot/15RXszSBiSAwRY83riPXSRVBDBvF5ijXayVNuGJ0R0+"
    "IuFMdCz776HWt09hXy+/hfT9m8k182+KnI/kOK7F8rvZoSYmKN5LP/YXQRMfwzPpnyKsiS"
    "7lBlgT3rQhfTaWUVRIQU8nWRN4nj4JwgzCLw43IK/7r4B1O5RC6lgHxDPyHWQTN/B86L/X"
    "uHHh/iT+cdap5HAb9oFXTD9juC9gkH79tXZUavaJWfDuJVOqVeThi3mKO3iOLeIXvyqhrW"
    "R5Ph6XD0GSK2X0K2k/Hp8OpqdPFJdHTDrq5P4c8+Or5hw8lkPBEzxA2b/joZT6cyyPvNDR"
    "t9uhhP4P/fJk24whn/9fEv79ZzPPxRNKtfnQ/OztLTOLFtbmvBoljlG0gJdu9jOH77tpTb"
    "7m2B2+5t8mMImW6bOJZ4uFgKqUk0M/vzKCbLs7ro0IamMZIRuy4xrazscflZ9yMirZ13FG"
    "vbwr1gt1jbmNYNLHRSS+sxSaX1Q9L6k4W6t2xR6kCkezsRrR3oLp6PLq7Pzp7qdPzUptgQ"
    "0B9l+ZDCe71C5xG0AiK2QhkIIQF+lgW9J0zWAfO9OwIj6a2xbD7z9MwI4kqymemZwuEaNE"
    "zlZ1JBw/sMGoZoJeJUp5/jch0yGPbN/atd8A+4HwrmvsplvCNC6kilOlLZ6Y1mSyFtuJJ3"
    "sAnaHtXLTU8dBTY+/7UpxZUc0Rkb+HCk52/eYbCU3LdfcZNwRiBVFHIIC0v1vthknKIzv5"
    "jauzc/39KM3XutHho+5Zc/ET9FGc3IIRL5JPjnzVOcIHlkUi7awa9jcWoH8TS5oWiDsbTv"
    "IAYHKtFVq2oSlemez6v56AWZCk+rinJcqns4Nx/EYGC28CCySefVKtilBLuHdvNnXeXyq1"
    "l4ZXBcKTInJdg9tJsf2z5odUP+sqQV7aVoL0V7lae94ASI5hDCaug9Kas0f0iavzW4flfr"
    "e49LqhyBbcsRWOFIXrSiENXuyGrL9FYDi/5GVgf4oecmuEqcCmGMGBrWc7JzVIHq1O9soI"
    "fNuoiYTebEtsVc4WCDbAsYN03qOB1GizCXugaB1PIauScsK7SxCmLDTX/De3KQ7qhSuC1s"
    "3CRWn6C7rmIFGVDY9nkMI3BNgh67itg+0z4eJECWzU0OUevEvs/LW1UFrEvob7Lprqu4/e"
    "Vxd9tF8e9eUMG2iwCpKpcVwMouwbMFahkFgLqIm39ydUuwMnKLHKTNWwyVjDTdFqlIBG1X"
    "hlOlQIbI9DafU4PirIrlIaJjRqZc/FPC8o521sGx51uSWbX8qmM1ifTVEagqhscMiE118O"
    "mkAmSCO72iEBm8afNYjEz+m6lc1e0KO78XRk7FDL8RkQ4mfNjJMWH4qCogHDTvILqvXr4s"
    "47t/+TLfeQ/3khk1mBvwXHGE89MmR0T2nzH5aZwYjeVGruBoaD7W8/v/Ay6XIhQ="
)
