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
    "eJztXW1z2ziS/isof5mkSpNNnDgzp7u6KtlRMrqxLa8sz8xuPMXAFCRhTQIcvtjR7eW/Hx"
    "okJb6bpCiZYvAlMybRoPg0CKCfbnT/+8jkM2I4rwbzOTUodslRH/37iGET/id9s4eOsGVt"
    "bsEFF98ZsjUOm8nL+M5xbay74s4cGw4Rl2bE0W1quZQzaD9AnkNsRBlylwStpZFl84WNzR"
    "56pO5S3tPFw+B/qI1sMie2jQ1kUHaPdGzblDiv4IEzrosnUrbYQd8eo395RHP5goimtnjC"
    "5z/FZcpm5Kt43eBP616bU2LMYhjSGXQgr2vuypLXRsz9KBvCz77TdG54Jts0tlbukrN1a8"
    "pcuLogjNjiHaB71/YAUOYZRoB+iLH/SzdN/J8YkZmROfYMUAtI+z9gc+1I0y7HU+16ONW0"
    "o5TKQokI0sElnTNQt/ipjnz7BfyEH4/fvPvp3c9v37/7WTSRP3N95adv/qM3wPiCEp7L6d"
    "E3eR+72G8hMd6ACkpLw3q2xHY2rmH7BLLiJyeRDXFsL7Qm/qoZhC3cpfjzzfsCHH8bTM5+"
    "GUxevHn/Eh7Ixefof6mXwZ1jeQug3kD7L04ZmWnYTeP7QWDkUpNkYxwTTAA9CyRfhf9TB/"
    "bwwgb3zcSyD+BtgmdjZqwChRcAPx1dDK+ng4sreJzpOH8ZEr7BdAh3juXVVeLqi6SS1p2g"
    "30fTXxD8if45vhxKeLnjLmz5xE276T+P4Ddhz+Ua448ankXGZng1RC2mc5grtayJ6uZm9C"
    "Fb2xGRhK49j85egeDBfVoFGpXf0VtfRVHw5Xt++waz//w+MlXBhTus3z9ie6bF7kQmMYPq"
    "904a9NNA7uOvE2Jg+RJplJNL8xl0doBf1bdwYIVXN19XdLo3Teo4oust4Tpbd9RVqCy84p"
    "67JUxXspOuQhRu87YEaRJ00yWYYNrixzxzuoIZP43YmJEpF//IVWIk+sNMz9pqBaDdBJ0c"
    "4rqQgktctvHjes8fXRPFm4v3Ja6/Lx1cnw0+DI++xVaFOM5wyzw2k1cwwwv5vvDL4Hdkz/"
    "tFRtt6ZShhuWmbNamM/fY3oW7bFdaTzb3FEmG2sbR+cKQV1UN3K4QRI4++QcZtxLibZa9t"
    "1VeGffb5yBUKAGNPi+jFJI4jEIW//kxYcJ8jMPiNdbHjc/0t7Z+V7LtTuvheTLz/OD5++/"
    "an49dv3/988u6nn05+fr229dK3ioy+09EnsPtiW+CnDcEsHZfXRZb005o5gAl+n8qJzDyb"
    "j6uSGuJySgG1FSCmRi17mT7l3CCYZeMfFUugfyfkDhD+IiTH4/OYWX46SuB6eXNxOpy8eC"
    "ONPdGIujlwR9aHFODFXElcUpElh0SWJHcJJandpFiXprmteN4Ud5IBdRrnj9wmdMF+JauS"
    "lkfMiXFgMJc1QJJjrIQVkmKt0mZJQxaLRYWyjrIsFf9OsYViUe2erCp5loTZIETQXNgJ0g"
    "lkWTZ/EAJocDXqIy4mJ0RdB13/Mvjx+OQ9otDcyrRNtuxNeY/a5T0SetSW2FlW8SBFZTrn"
    "RXr/roQX6f27XC8S3IpvjSybzOnXKgBvJJqB97lXxrib7riMm+443013nARY7T2/x72nTR"
    "74fS2txyUb0Hrwc9ui9ANRcohJoZYN7LhgkNfRc1JWabrNmm6P4729Sq3qen/KY1XZcqzr"
    "s2oHpA17rfZmL4qdImPEGOjBe6fMxniDXpH1qPtNNSzbljYixZbUpJ75YyCO4L8LCBbELp"
    "oGrgMIGoTpFr0Aq/COu8gQY1SagnhmUoZsuli6Tg+MxgzLsulH3LKwJ2GALjgj8io6FULC"
    "TkWP2EEz/she9kSn4meITu9WsgUobWFzj83Qv/gd8phLRR+u6IM4tyz0ygnjV/TLuPgF4m"
    "faoj8mvoeSRu5nsZXHrifhZ+SrK1Yol5iWW92/pizg7S3gisZvRw2z5i3fe/Fe2dgOmWem"
    "lpw4zoFsm4EWo+u30XTYR5Q9UFdMOJPhxfg38beYyfhDao4ro4SfS+jg51wV/JzUwGaWqa"
    "ODjfT+tHBkETYDvCqq4mp4+WF0+amPAvlb9kFsVPtiimdCMR8m46ur4Qfxp80ti8xaoJpg"
    "xs9QTr7fJCKyP5/Jm1ZP7AlTkdg2z9jo5s/ncak9jvOKA7zmpH58clJi2IpWuQNX3kv61u"
    "M7lhTcxXZ5hngHqbcu2eaKYc3/3LrLsM4po86yltoToop5a/PXrZg3xbwp5i2bedscksmi"
    "3WJHaAo4t/iZnTJ8m38wQ4ZaOGLvShCfI2HJIAcbBL0A7sl1RKMHYosrL3vh6V64LUR0T8"
    "gyfZUVwNFgz5mh5tAw0KS04ZOx5Yrd2ie7FdFGWYsoItJm8qV2+EEZO160KghASNnynSe6"
    "rgfnw76cA4Dk+nhz+aEvqXjWBiYlnJOqDPKoTJuRrznK35ZA+G0uwm9TNCJMCdjkHsuwBI"
    "qOMyQEuxTou+fzDHXQV8A3AfwDphKRGmZwUraD/EeXDGEdFmjDqEd0JWQV5dFqTStC8zsk"
    "NNVxpd153+68VWUWMSqjaMTksQGZeKTaSI3J1BqmLVtz1KG6VrG05Q7VpaYFRX8/BWx0Jn"
    "waVGudk2hLVEsnN2rZtFAW1th8GMNV/AJ0eXN+XuRYiISWkNlC6IcwiBPdMlfSuexrKLpa"
    "dQf4jGxJzTlhBFbUNYgp4B8+EPnMlCsm1aZX5JAhm9YageYl/TLTJUFL6rjcXvURuEhWaG"
    "Fj5kII8QPXpeZ7iHy1qLiD2Uxc1rlpeUK9wdW0R6ahPsvEHEecbBDGqhL5tDORj4pI3llE"
    "Ml6fkCiL7kaigwC/LXMW923+Wdy3qbO4ckYiTg1iJS6p6LM202cGna+1kFglipIrRcX2mF"
    "xpfeVgsyvNiItpVpLO/HkrIqKCmssENStKOB/97lLCcqtdjWSLiiiOLT1ZqXBSFU763MTP"
    "k+GkqTmgAUwjHMSnsMvDmgrKwhudAivTanuiinwVFFNFazWVo4rka5ekin6HY+syrpZ7tk"
    "7QAj8Q+bfM1wyp0+APYbu/QuukaljXieMglyMsE6xRxy/LsxSqgDBdWZonRSDt7Em3DIxf"
    "0Zn/3j1EsL5EMje1eDR6XBJblguS/d8R8SSCCJs56IVDCIrAfE3sB6qTl3WJqt76KKo6G6"
    "/OxneDifI/1mx0S5zMXku3Geyj8eTDcNJH3J4RMZsMPlyMLvt+oo5bNp2MBufwuVBs3LKr"
    "yfhi3IeaZCZPznClwrobL/7kQ6zZZF7lE4hLtVk5bYqfn3m29HNoM7yqciA+JafssbQ9Jl"
    "fvWsRGXLKDxMaBEBmlOFm5L6tDvMcElZJbrWTlXvketHyAWXt8S7Ei/X80OJuOIF+SL33L"
    "hn9cjSaQpscfrTM4bPbb+NehPG0mk7a2Y28orNxaC2pUTn2Cbf4EGc8KCs3f94ftla+tjK"
    "9NuQiUi+C5OewtMk5EFoJ18GD9gNCs0MWDnPifLSp0Qkx4c/uomO1fN+uVJfztQKJC2g5f"
    "AOkGFmv4bE2/W8SmfAbUekC9ywS2MAZ7koCHwM4gxpO6PouO3Zf9nFS5u3jMLfOHE9qoEd"
    "wCj+BdMPE9cfwUuIh74G3QxevDLQhYFZox76AI5Vzmy7U9JgavgwRWJD9NSDhJhZyx/OEa"
    "YZvEIfDaeOVovmdB5RFRnoA28J87qA8TG/pVzIm4pKJuWm1RdD5HzOnw43gijHl/vk4b8+"
    "0w3aNLSvllIiG1vxPAr1u9XkQoK9gu1eCeN2KKD2nz7CV2fTrPCvjO3wNERPbIigQ74v2Q"
    "I82fn1BRyPnQdzcKWfFhig87YD5slzRP9Lh0Br2TOE2dT+ukj3A/zeeMGUFQyAO4IGA3TM"
    "7ISmZEBa4lTCHYlxlTDcqIgxzPhKDK/yU2f4UGFtSi+BHq4f4n+iJM4i8+kZIidHb0nFsG"
    "R4VtqIYRpHA1I89xH6lOEEaM/8itXdTmVQeG4V7XDwx3unRv5232q8E/LoaX0z6y8ApmhW"
    "R211t2Nr64GF1fj8aXfbTJYx29rk2Gvw0n1xDMuWmghRmkb5l4xvjGf0SQbKSyD7KMYo/z"
    "FXucUqxKGbvrlLHKkKmzyW2T4VKKF4h88ZX8Lik5FbmbJtVk3Hw1XKMiCtI0pME6VzmtXk"
    "RIwZoJq0pWuONkhfLTboDHGIf9HBa6ZXmM6AwYIzImYrGbjM6mqVx6Jmnk+O/VpqduIhuf"
    "Bktgq8fq42wJb7zYTjcRTu2Kyg1glQyy5PDNSQa5AbZMzJ9k4DLorso5IM9FR4drvuw32i"
    "+CWC4LHOL5JAm81mA5CtihM1klCzME9PGqjzCakTvqohfCnKJwdOEllIPHSJiuM7jMyALL"
    "y5LENSkTd4X6XCed/nEXDyhzxB7relgcZE1sqISQ7eR3I7qqw0RGxNvMWx1Nh+fDT5PBhX"
    "Y6OB9cng2FqsUUvbCxqd1hA15NngcaXt7IEusPhHkkRkQO/7gaXl4PYzwk+WoR5oh2g48f"
    "R+ejwXSoXQ3+MTiFelabdNZibYCXBbJy9EEL6Eoq5ixFWLZo5dkpYakKLD1TgSW55GVSB0"
    "XQR6UU+JXAL+AYSOhI39KWqJbkvG2qKGtRRMdgZYNil7tln+LJ2CivuZ/8PbLkTyrsji3P"
    "1pfYWdeRtcRKje5W6wxUPYRdGX5g2RBw4CeXQn953CVwouQRO8jEYv87t7mZvT1u/AkVU1"
    "Cp3FPPcuLkoHzv4vsXAyrwR1ZKkXQ51MAR10dhD7fs+ub0+mwyuppKr7vj3a0lYAN8Ofwd"
    "fO1ia0cesVFne9p8VL3anqrtaYd2SAeejCOIoKg6FZ1NhsI8/tBHgbywmX8fjKajy0/aOk"
    "4IP2IK2R+1dcAQWMy+tXzLPt6cCyP7HPqYe4Ywrg3oJZ3V4wzMe7/dum5mGHo0XAcfteXI"
    "ELcI0yrG2EVlamk+SbJ3Os7O5fekUlWOtUAXFw51qETFYtWJxZKMZXUdR8TUGbw261c3uF"
    "PvK44KKh23WcfAbVQMo9pIdGmX31homuSBKh6ui8pscbrucL6TCnWJo3REtZGaIanC/lT9"
    "lB2MV3UYdEeHQXNC0MQS1ACmV0E3HcU0slCXwFQuQQ2A+vewn0PiG8pCGl2nS2AaXYAagP"
    "baxfZ1osvDWrrK4pyxcm8TQKmqaT8RSRnjxmzMIAZQNNoOKun7na5769BMmxXQvyVYnQvm"
    "32l0bnJo5UUexEffEzEIWmLkPx2OMIT6VJDgIAimld300CN1l1Ctisn0l4/LFXrxRcdii/"
    "MFElxipIsf0EPk1eIVouyBU51okJeql/Q+NN3/LQvGas8PVtAC/whUfhebBd3/P/CEaLJm"
    "zvqvMCyyfEGt6KEY7KpA35YG+kKEiradwzHRRSO+px3F+yp/Y7a/0eVbjoFYB232kKkhkB"
    "dPA8tHFYfoWqDN6m6NQ7S6C0U5QA/AefIc+RLaps+OHUJvG7xbn0J/5nR6oV2bYaFFTN58"
    "yyxqXT9tkF1AIjvkQgkBbNv0wbdoICcdmckiAlCwAE0DcwbKD9sLAqYUGDJw4pFxF0K4Te"
    "zqSyHi88Mxm6z5R9wyqby+n4YPTDgmqxzMbG5ZZLaLVHnfi3m1s2BxX62ZU3/Bnikq1Lls"
    "eDsp1GrZ/IHCzFYL8GzpzpXM2gny66Owue7hIpomS7pL2509x4Sr4w7quENHh3bIUIuNns"
    "Fxpek9Q7SDA30nszt1NLFpFTME/I70oOfcIJjloJ4QTUB+J2R3hfn6yn55idPx+DxGSZyO"
    "EsP68ubidCiUIFUgGlE3Z7THHNv1iysXdKPCbVvNGBWVNXmaaH+WEic1aPbB1dX5CFhuYd"
    "gbdEN8ax/8VCrSqzjzSHsJcWE6CMjMitZGKNI5E6N5SlysIQTYkxqzX0JUkeStnvLC77qW"
    "omOiamlrv561yp7EpJyaO8vNnZareRYM/crkTKZ4h05G7NmCDeGsWZIwQ1xNdG2e6FSW/K"
    "45fVuG7tY+XxUefzihzEEW7Gz/eJAOtNA9LtqU847n46C8yy3zLit3j3L3dHOzfIDZrWwi"
    "Gjs18ltNhn+/ESuxT24GfUSDidvBdK5/Wi3bJS7bQSquw1WgVf6e3D1g29VblpEjsCeoSs"
    "dthDrHxR2fnJSYP0Wr/FT5cC9zBq3Bw0XldsQLdPVQW2Qvt66qUMkYSYp1aVO3K2JmjVkD"
    "5Mwg2teBwVyWoUmOsaqR+VmlzbZkaLpY1iw2HSg661npLMipk0VmBbl2Cqgs0aLkMY8Bes"
    "Qr5HJ0560QRpbNZ57u9tGSPyKDswWcrzCw4zrBAXksT1zoHK5Qhggcqw/5knQJgMZ7V/Ra"
    "y+g1MfgqUWtB+84d2dhBYmXqGpWwXQt0kLPcSeTuzLPloqXN8CpjdcudHFJyyg+ZyU7ajl"
    "actqswODq7AxUiXSVEWvwIi2iytk7F814Zoi3OR9KmWUVst+hDxsRdONg3Qnsc4OFqebjj"
    "m9uulhPhkJ/KNia0P6ri9YFM3KriQD7U3XVg+AGMdbQel1Rab4vWM/wa6YSLvkFeMWt9TE"
    "hxvU9zvQFiDTC9V5ueDgzisjxvfHRtEYu3KYZZn7TsWqqbxMcv9vbb5lo1MLuCfroKkszu"
    "uSVIZfN4HyRAYKbHrPQtwaqRmftgcNu1t8D/EnNcBuvPtNhvoG2mhTLeAxD5wQnK91ImC/"
    "uGjH0PLpiUcRsJ1bhOT7L8UOB3bnBxcUYdHeIAHeS43ELYzXIgNP+ADB/C53UdhHXs55/K"
    "r6DCdttEVqmw3W7E2MipSasDf1KyM9zVnjWgCrXt2t5VRYW2KCr03GlGA4ohaxu5YR8KNp"
    "F+o5I7yGtuil2YgBOiRBxiGH2IAFnYGHZthEmfNmQtRfdkJbZxnr5E2EFfLJuY1DO/QBbQ"
    "Lw/UgrSEjBHjS3oLuZMnqDiUlu0XVRyKikM5VI9x9JelcJ6Sr3lhKKQoMuIQDxgUeVaGf0"
    "xjTpUQ0RcXgz9exhwr5+PLT2HziAbOzsenCeAjs38Ga/U/1+PLbOSTckmnF9Vd9H/IoM7O"
    "9oZH/zX3mA74ojuPGi5lzit43n8/g2oAp2LVJLXQizuyoIOkasSvwUbVwKy4kIrKSps+jD"
    "xC1jtbC6kx7c6qAHCeeGcs0caAVlFAKgrokMevigLKh/ow40FUFND3qPW8KKAUe1cmpGJ9"
    "rmi7gIED1H4pV7jcfm6JzxT6uHEO8Qt5Hre3zU1+BmxONl8Z3Ow9wViaXANKSGV/UrRgJ2"
    "nB5hOn3ovXyob26dxDoWybCcKjq+HkTBYxtYity9qlH0d/yFql9Gu91OplqMN84jBd0Mn/"
    "XdUs+LiQokgyLHfpX6/EB0ZE2kEFwmM7QwU+YIOKLalYpKsaJXFJlWGpPTZI2vT0dSU+I2"
    "rUU/NaVOm5zXqGFdFzskKqc9esqIhasdIrVoiPJhZ3WSWwBrYxWQVyRtBYJKyl7L4gKtOO"
    "jUGnfIQ5dFSBPkIBpYzGlTGntuNqlmfrS+wQjQNTmlJNofcrpweV8aGCL0y5HfcGtfKQ5a"
    "+9h+kryfOQ1fKViEcS+wE3cCJOstiTTXcHOCBad9SyZZvV53OdRMdVngclMfaecqQkR/7T"
    "QeBjRpCwPRCf+0kCTY6Aie+hpXgRdAepA+XgQNLGlwf8/L+Deq0Qo00dmQg+Hf/ddOdP+3"
    "g+B0D4XppITdk/lfdnn96f+kWBG68D3NIJue0rcilGySYzQsyaRRdiooo5bLOe1Yb7e9lw"
    "J3i39VJa1scZEVHHNTNMV+B5MyG9uRl9yInvc/KqLnqe2BiB4AECW4CaHxHhD/zokJZv+i"
    "1tuFTEMyrTJKDPuqGrD2fRYWL4mtPQ1kmdtQkGO8xxWiZ51nrmyz5TnJwGGgD2xulUjqwk"
    "ppGZb/tj2olJI42+sFanXPxTEvvaqaXaME88CX10kiyB/VZsiI9kBgWyhjif99gwV6VSJs"
    "lURnwOxaFmcCid+wyFjebcln+Anyqd60iGOQQsxZeNhZpx5H0Hz7hlV3glDzwifYntBdAj"
    "4j2NFfrichcbQVqSL5JmEb1ahPVEP34XM59RKU2fRD65oExhNeYkf9l9jgU34vqTT4J/3j"
    "2H3+/JLY3Kx/R8+ZjuwOdZJytQQrBLBs+e8wJFJ7JqOkhKKiXUVoJBWZYTKD+oYy2ggjpi"
    "lE4TQR0HWGIYdh4V4T8aXw0v+3LPsm1N4YZD/JUHo86n0CaKsxSzraoHd1u/ynORP3122H"
    "Oh0kw2H4O9d19Qy6ZF5Qra/3pT33ehGPZGGPbkrNqEN6hbeSiSkObllt2UUEnNq3t2sbVs"
    "Xt3aw9be4jQHgnS1WNfMQOt8PEO32k6irQ8J4AoesQmZE9vGxlGGU2x9r1fkF7ODViVdY7"
    "8vObqzubdYughLb1UfOcRFXEw6PYRdiM2lNpLnhNDfoPCMi174f7nc05cv056wZrpUaV3a"
    "Fdir7Ol86LtrT+P5nBoU54Ra5RctSYgpy7rVZmAbAlOaNQLXA7CBHfYg2teBjdmyW+zkB9"
    "tk1FW2QV4x6KquOd6God1wuNtWIVfXYuhnby+DO4WbS0e2KR11JRrMoAiIL4YgKZA86xX8"
    "TdiCMvIKySp5DsI2QTOiU1N014PqcRDEhB3kkq8ucriQFHtHxlP7zR0955bN6IK6cA7NEH"
    "MPehSXyQOxZc8UNOpBbJaskyd6c8Rblw62imbPUQfU9nxAzSW2GBWZK29+YFVCrHPJCndS"
    "ZGPzlVSBOi7VxSi2xhNDOrRazs2wfQfBLVOLJ78UT6oSjxiF9kozhHlUZbKICnUR49dlQH"
    "6dj/LrbJiXdLGsjnMopYAuATQU5RUj08kJMMuZLqJCCuYSMLv4nmiWzee0WvaypNz+4yuf"
    "x9LfTT0japK5jc2KldQiQh0c62/el9nnJSnHyDbvfXKstyqLaNvAPxAuuFRInUuziJxycc"
    "mhbJu/qKOPk+FQdGUTcsuuJsOL0c1FHwVFSZO0wzNEJrPM04v5U1nYvgNVCuO4nrwus2CL"
    "VrnYynvJZIpsQWzLptWs1YRYm8d3TbSbL2+qfIn50HfLl5hy0ZQJ1MGW2AE/4G3L+viE9i"
    "Do7ADHQjNRO7UcBGvUch0FUVyfchhoMY2W8RyAR+QHBy34j3gpPgh5gtoPGxGK0D15/Msl"
    "tkmB33c5Et0hcQkHlH/W8ewmuszg9j8H7yhvg5Pqz6Kj1ZH5qxrvX3QSsmPU/14OP6pAF7"
    "U4xRn0RZ5TKL+eaVRGhbi0OsSlHUt5s0Eum4VnywiXjev/MGF9MsAi9qWqJE0tTNLU4AbW"
    "xfa1dxd99fQWNtmmeBMrWmtOpHnpbexUgLKwsYnggQ6K9oFeUBfyHMOZBGRxATNsOqn7so"
    "8el7wn/qH6UmYM6smIExkgnbGtbfoRt8zykw79sM46RGdBTIwA0RHy0Ev42B7CbCZ6IjaB"
    "O/BJzBwVwN3CwBdfmRXDXmJCKuilTNDL4eXvqMGUD86mo9+GfeSXMbllZ4PLs+H5OZTq1O"
    "G9DIPUyuXRvHfKIjblM41kVU59ItVDTLKD5tyBmG+lfFPKav8+1BxOLnUUnZBV+VvarGmV"
    "yUORMfv/TFTaiefhDHJyJKi8E43knVDZEdrnZw0JlDNuijZx/iOnSa+IpHKDxuI1ZOvSHN"
    "Udd1EgA6eg8MykzEH+70bU7SObe66AryeMPZ04DrI9A05RsZkkjUzCPHl0Ksvn2mjfilBq"
    "GaG0GZal6aSNSOfIpOZP9egCiAW3qyUAj8i0mUFqTfRy9GdVwDkh1kGoj0/KYC1a5YIt7y"
    "VC8m3MHCOvQmvBuYiEXDvyTsNjO5N32iZ/eX76Ys/NOIVVWM06JauKWpcvar0GLxJpXgf7"
    "iLiq314B/6XYkRjCLNUNXO1YXEqwg6tA88HfhMGLZ4U4Fo3yiJSaW8qPbYfbrsZDs7xsXF"
    "tMaH9c6utdjeiGiVTla8qHulsRohWOL+yDK/qd3C05vz8q4IrCJr1SXNGj37pCyXibPyKL"
    "2MizYJT6cUGWWP6Iz9g4RAxxF+lLot/35RXszSBiSAwRY83riPXSRVBDBvF5ijXayVNuGZ"
    "0R0+IuFMdCL774HWt09gXy+/hfT9m8k583+KnI/kOK7F8rvZoSYmKN5LP/bnQRMfwzPpny"
    "KsiS7lBlgT3rQhfTaWUVRIQU8nWRN4nj4JwgzCLw43IK/7r4B1O5RC6lgHxDPyHWQTN/B8"
    "6L/XuHnh7iz+cdap5HAb9oFXTD9juC9hkH78mbMqNXtMpPB/EmnVIvJ4xbzNFbRHHvkD15"
    "Uw3ro8nwbDj6DSK2X0O2k/HZ8Pp6dPlJdHTLrm/O4M8+Or5lw8lkPBEzxC2b/jIZT6cyyP"
    "vdLRt9uhxP4P9PkiZc4Yz/9vin9+s5Hv4omtWvLwbn5+lpnNg2t7VgUazyDaQEu/cxHJ+c"
    "lHLbnRS47U6SH0PIdNvEscTDxVJITaKZ2Z9HMVme1UWHNjSNkYzYdYlpZWWPy8+6HxFp7b"
    "yjWNsW7gW7xdrGtG5goZNaWo9JKq0fktafLdS9ZYtSByLd24lo7UB38Xx0eXN+/lyn46c2"
    "xYaA/ijLhxTe6xU6j6AVELEVykAICfCzLOgDYbIOmO/dERhJb41l85mnZ0YQV5LNTM8UDt"
    "egYSo/kwoa3mfQMEQrEac6/RyX65DBsG/uX+2Cv8P9UDD3VS7jHRFSRyrVkcpObzRbCmnD"
    "lbyDTdD2qF5teuoosPH5r00pruSIztjAhyM9f/MOg6Xkvv2am4QzAqmikENYWKr31SbjFJ"
    "35xdTev/vxjmbs3mv10PApv/yJ+DnKaEYOkcgnwT/vnuMEyROTctEOfh2LUzuIp8kNRRuM"
    "pX0HMThQia5aVZOoTPd8Xs1HL8hUeFpVlONS3cO5+SAGA7OFB5FNOq9WwS4l2D20mz/rKp"
    "dfzcIrg+NKkTkpwe6h3fzY9kGrG/KXJa1oL0V7KdqrPO0FJ0A0hxBWQ+9JWaX5Q9L8ncH1"
    "+1rfe1xS5QhsW47ACkfyohWFqHZPVlumtxpY9FeyOsAPPTfBVeJUCGPE0LCek52jClRnfm"
    "cDPWzWRcRsMie2LeYKBxtkW8C4aVLH6TBahLnUNQikltfIA2FZoY1VEBtu+hs+kIN0R5XC"
    "bWHjJrH6BN11FSvIgMK2z2MYgWsS9NhVxPaZ9vEgAbJsbnKIWif2Q17eqipgXUF/k013Xc"
    "XtL4+72y6Kf/eCCrZdBEhVuawAVnYJni1QyygA1EXc/JOrW4KVkVvkIG3eYqhkpOm2SEUi"
    "aLsynCoFMkSmt/mcGhRnVSwPER0zMuXinxKWd7SzDo4935LMquVXHatJpK+OQFUxPGZAbK"
    "qDTycVIBPc6RWFyOBNm6diZPLfTOWqblfY+YMwcipm+I2IdDDhw06OCcNHVQHhoHkH0X3z"
    "+nUZ3/3r1/nOe7iXzKjB3IDniiOcnzY5IrL/jMnP48RoLDdyBUdD87Ge3/4fH+m0Yg=="
)
