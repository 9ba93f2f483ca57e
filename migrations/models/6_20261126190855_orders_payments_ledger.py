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
COMMENT ON COLUMN "star_subscriptions"."status" IS 'ACTIVE: active\nCANCELLED: cancelled\nENDED: ended';
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
    "is_first_recurring" BOOL NOT NULL,
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
COMMENT ON COLUMN "payments"."outcome" IS 'RECEIVED: received\nAPPLIED: applied\nREFUND_DUE: refund_due\nREFUNDED: refunded';
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
    "eJztXW1z2ziS/isof5mkSpN1nJfJ+a6uSraVjG5syyvLmdmNpxiYgiSuSYADknZ0e/nvhw"
    "ZJie8mKUqmGHzJjEk0KD4NAuinG93/PrDYlJjOq/5sZpgGdsnBMfr3AcUW/E/6Zg8dYNte"
    "34ILLr4zZWscNpOX8Z3jcqy74s4Mmw4Rl6bE0blhuwaj0L6PPIdwZFDkLghaSSObsznHVg"
    "89Gu5C3tPFw+B/DI44mRHOsYlMg94jHXNuEOcVPHDKdPFEg8630LdHjb88orlsTkRTLp7w"
    "5U9x2aBT8k28bvCnfa/NDGJOYxgaU+hAXtfcpS2vDan7UTaEn32n6cz0LLpubC/dBaOr1g"
    "Z14eqcUMLFO0D3LvcAUOqZZoB+iLH/S9dN/J8YkZmSGfZMUAtI+z9gfe1A0y5HE+16MNG0"
    "g5TKQokI0sElnVFQt/ipjnz7OfyEn49ev/3l7Yc3799+EE3kz1xd+eW7/+g1ML6ghOdycv"
    "Bd3scu9ltIjNeggtLSsJ4uMM/GNWyfQFb85CSyIY7thdbC3zST0Lm7EH++fl+A4+f++PTX"
    "/vjF6/cv4YFMfI7+l3oZ3DmStwDqNbT/YgYlUw27aXzPBEauYZFsjGOCCaCngeSr8H/qwB"
    "5eWOO+nlh2ATwneDqi5jJQeAHwk+HF4HrSv7iCx1mO85cp4etPBnDnSF5dJq6+SCpp1Qn6"
    "fTj5FcGf6J+jy4GElznunMsnrttN/nkAvwl7LtMoe9TwNDI2w6shajGdw1ypZU1UNzfDs2"
    "xtR0QSuvY8Y/oKBPfu0yrQqPyO3vgqioIv3/P7d5j9Z/eRqQou3GH9/hHzqRa7E5nETEO/"
    "d9KgnwRyH38bExPLl0ijnFyaT6GzPfyqvocDK7y6/rqi071lGY4jut4QrtNVR12FysZL5r"
    "kbwnQlO+kqROE2b0OQxkE3XYIJpi12xDKnK5jx04iNKJkw8Y9cJYaiP0z1rK1WANpN0Mk+"
    "rgspuMRljh9Xe/7omijeXLwvcf19af/6tH82OPgeWxXiOMMt68hKXsEUz+X7wi+D35E97x"
    "cZbauVoYTlpq3XpDL229+EurkrrCfOvPkCYbq2tH5ypBXVQ3dLhBElj75BxjiizM2y1zbq"
    "K8M++3LgCgWAsadF9GIRxxGIwl9/Jiy4LxEY/Ma62PG5/pb2z0r23Ykx/1FMvP84Onrz5p"
    "ejwzfvP7x7+8sv7z4crmy99K0io+9k+AnsvtgW+GlDMEvH5XWRJf20ZvZggt+lciIzz/rj"
    "qqSGuJxSQG0FiKlRy16mTxgzCabZ+EfFEujfCbk9hL8IydHoPGaWnwwTuF7eXJwMxi9eS2"
    "NPNDLcHLgj60MK8GKuJC6pyJJ9IkuSu4SS1G5SrEvT3EY8b4o7yYA6jfNHxokxp7+RZUnL"
    "I+bE2DOYyxogyTFWwgpJsVZps6Qhi8U2hLIOsiwV/06xhWIb2j1ZVvIsCbNBiKCZsBOkE8"
    "i2OXsQAqh/NTxGTExOyHAddP1r/+ejd++RAc3tTNtkw96U96hd3iOhR22BnUUVD1JUpnNe"
    "pPdvS3iR3r/N9SLBrfjWyOZkZnyrAvBaohl4n3tljLvpjsq46Y7y3XRHSYDV3vNH3Hty8s"
    "Dua2k9LtmA1oOf2xal74mSQ0wKtWxixwWDvI6ek7JK023WdHsc7+1ValXX+1Meq8qWY12f"
    "VTsgbdhrtTN7UewUKSVmXw/eO2U2xhv0iqxH3W+qYdm2tBEptqSW4Vk/B+II/juHYEHsok"
    "ngOoCgQZhu0QuwCu+Yi0wxRqUpiKeWQRE35gvX6YHRmGFZNv2IWxr2JAzQOaNEXkUnQkjY"
    "qegRO2jKHunLnuhU/AzR6d1StgClzTnz6BT9i90hj7qG6MMVfRDnloZeOWH8in4pE79A/E"
    "wu+qPieyhp5H4RW3nsehJ+Sr65YoVyiWW71f1rygLe3AKuaPx21DBr3vK9F++Vje2AelZq"
    "yYnjHMi2GWgxuj4PJ4NjZNAHwxUTznhwMfos/hYzGXtIzXFllPChhA4+5KrgQ1ID61mmjg"
    "7W0rvTwoFN6BTwqqiKq8Hl2fDy0zEK5G/pmdioHospngrFnI1HV1eDM/EnZ7ZNpi1QTTDj"
    "Zygn328SEdmdz+R1qyf2hKlIOGcZG938+TwutcNxXnGA15zUj969KzFsRavcgSvvJX3r8R"
    "1LCu5iuzxDvIPUW5dsc8Ww5n9u3WVYZwY1nEUttSdEFfPW5q9bMW+KeVPMWzbztj4kk0W7"
    "xY7QFHBu8TM7Zfg2/2CGDLVwxN6VIDZDwpJBDjYJegHck+uIRg+Eiysve+HpXrgtRHRPyF"
    "J9mRXA0WDPmaHm0DDQpLThk7Hlit3aJbsV0UZZiygi0mbypXb4QRk7XrQqCEBI2fKdJ7qu"
    "++eDYzkHAMn18eby7FhS8bQNTEo4J1UZ5FGZNiNfc5S/KYHwm1yE36RoRJgSsMU8mmEJFB"
    "1nSAh2KdB3x+cZ6qCvgG8C+AdsSERqmMFJ2Q7yH10yhHVYoE2zHtGVkFWUR6s1rQjNH5DQ"
    "VMeVtud9u/OWlVnEqIyiEZPHBmTikWojNSZTa5i2bM1Rh+paxdKWO1SXmhYU/f0UsNGZ8G"
    "lQ7VVOog1RLZ3cqGXTQllYY/NhDFfxC9Dlzfl5kWMhElpCpnOhH0IhTnTDXEnnsq+B6GrZ"
    "HeAzsiU154QRWBmuSSwB/+CByGemXDGpNr0ihwxZt9YINC/pl5ksCFoYjsv48hiBi2SJ5h"
    "xTF0KIH5guNd9D5JttiDuYTsVlnVm2J9QbXE17ZBrqs0zMccTJBmGsKpFPOxP5qIjkrUUk"
    "49UJibLoriU6CPCbMmdx3+SfxX2TOosrZyTi1CBW4pKKPmszfWYas5UWEqtEUXKlqNgOky"
    "utruxtdqUpcbGRlaQzf96KiKig5jJBzYoSzke/u5Sw3GpXI9miIopjS09WKpxUhZM+N/Hz"
    "ZDhpag5oANMIB/Ep7HK/poKy8EanwMq02o6oIl8FxVTRSk3lqCL52iWpot/h2LqMq2Ue1w"
    "ma4wci/5b5miF1GvwhbPdXaJVUDes6cRzkMoRlgjXD8cvyLIQqIExXluZJEUhbe9ItBeNX"
    "dOa/dw8RrC+QzE0tHo0eF4TLckGy/zsinkQQoVMHvXAIQRGYrwl/MHTysi5R1VsdRVVn49"
    "XZ+G4wUf7Hmo1uiZPZK+k2g30wGp8NxseI8SkRs0n/7GJ4eewn6rilk/Gwfw6fi4HNW3o1"
    "Hl2MjqEmmcWSM1ypsO7Giz/5EGuczKp8AnGpNiunTfHzU49LP4c2xcsqB+JTcsoeS9tjcv"
    "WuRWzEJTtIbOwJkVGKk5X7sjrEe0xQKbnVSlbulR9By3uYtce3FCvS/wf908kQ8iX50rd0"
    "8MfVcAxpevzROoXDZp9Hvw3kaTOZtLUde0Nh5dZaUKNy6hNs8ydIWVZQaP6+P2yvfG1lfG"
    "3KRaBcBM/NYW+QcSKyEKyCB+sHhGaFLu7lxP9sUaFjYsGb84Nitn/VrFeW8OeBRIW0Hb4A"
    "0k0s1vDpin63CTfYFKj1gHqXCWxhDPYkAQ+BnUGMp+H6LDp2Xx7npMrdxmNuqT+c0FqN4B"
    "Z4BO+Che+J46fARcwDb4MuXh9uQcCq0Ix1B0UoZzJfLveoGLwOEliR/DQh4SQVcsbyh2uE"
    "rhOHwGvjpaP5ngWVR0R5AtrAf26hPkxs6FcxJ+KSirpptUXR+RwxJ4OPo7Ew5v35Om3Mt8"
    "N0jy4p5ZeJhNTuTgAftnq9iFBWsF2qwT2vxRQf0ubZS+z6dJYV8J2/B4iI7JAVCXbEuyFH"
    "mj8/oaKQ86HvbhSy4sMUH7bHfNg2aZ7ocekMeidxmjqf1kkf4X6azxlRgqCQB3BBwG5YjJ"
    "KlzIgKXEuYQvBYZkw1DUoc5HgWBFX+L+HsFerbUIviZ6iH+5/oqzCJv/pESorQ2dJzbikc"
    "FeZQDSNI4WpFnuM+GjpBGFH2M7O3UZtXHRiGe10/MNzp0r2dt9mv+v+4GFxOjpGNlzArJL"
    "O73tLT0cXF8Pp6OLo8Rus81tHr2njweTC+hmDOdQMtzCB9S8UzRjf+I4JkI5V9kGUUe5Sv"
    "2KOUYlXK2G2njFWGTJ1NbpsMl1K8QOSLr+R3ScmpyN00qSbj5qvhGhVRkKYhDda5ymn1Ik"
    "IK1kxYVbLCLScrlJ92AzzGKOxnv9Aty2NEZ8AYkTEWi914eDpJ5dKzSCPHf6/WPXUT2fg0"
    "WAJbPVYfZ0N448V2uolwaldUbgCrZJAlh29OMsg1sGVi/iQDl0F3Vc4BeS462l/zZbfRfh"
    "HEclngEM8nSeCVBstRwI4xlVWyMEVAHy+PEUZTcme46IUwpww4uvASysFjJEzXKVymZI7l"
    "ZUniWgYVd4X6XCed/nEbDyhzxB7relgcZEVsqISQ7eR3I7qqw0RGxNvMWx1MBueDT+P+hX"
    "bSP+9fng6EqsUUPefY0u6wCa8mzwMNLm9kifUHQj0SIyIHf1wNLq8HMR6SfLMJdUS7/seP"
    "w/NhfzLQrvr/6J9APat1OmuxNsDLAlk5PNMCutIQc5YiLFu08myVsFQFlp6pwJJc8jKpgy"
    "Loo1IK/ErgF3AMJHSkb2hLVEty3jZVlLUoomOwskGxzd2yT/FkbJRX3E/+HlnyJxV2x7bH"
    "9QV2VnVkbbFSo7vlKgNVD2FXhh/YHAIO/ORS6C+PuQROlDxiB1lY7H9nnFnZ2+PGn1AxBZ"
    "XKPfUsJ072yvcuvn8xoAJ/ZKUUSZcDDRxxxyjs4ZZe35xcn46HVxPpdXe8u5UEbIAvB7+D"
    "r11s7cgjNutsT5uPqlfbU7U97dAOac+TcQQRFFWnotPxQJjHZ8cokBc28+/94WR4+UlbxQ"
    "nhR2xA9kdtFTAEFrNvLd/Sjzfnwsg+hz5mnimMaxN6SWf1OAXz3m+3qpsZhh4NVsFHbTky"
    "xGxCtYoxdlGZWppPkuydjrNz2T2pVJVjJdDFhUMdKlGxWHVisSRjWV3HETF1Bq/N+tVN5t"
    "T7iqOCSsdt1jFwGxXDqNYSXdrlNxaaJnmgiofrojIbnK7bn++kQl3iKB1RbaRmSKqwP1U/"
    "ZQvjVR0G3dJh0JwQNLEENYDpVdBNRzGNLNQlMJVLUAOg/j3sZ5/4hrKQRtfpEphGF6AGoL"
    "12Mb9OdLlfS1dZnDNW7k0CKFU17SciKWPcGMcUYgBFo82gkr7fyaq3Ds20WQH9G4LVuWD+"
    "rUbnJodWXuRBfPQ9EYOgJUb+0+EIA6hPBQkOgmBa2U0PPRruAqpVUZn+8nGxRC++6lhscb"
    "5CgkuMdPEDeoi8mr9CBn1ghk40yEvVS3ofmu7/lgZjtecHK2iBfwQqv4vNgu7/H3hCNFkz"
    "Z/VXGBZZvqBW9FAMdlWgb0sDfSFCRdvM4ZjoohHf05bifZW/Mdvf6LINx0CsgzZ7yNQQyI"
    "ungeWjikN0JdBmdbfGIaqqO2yzukN1B5VyL++Ba+o5slG0TZ8dO+LfNng3PuP/zMkKQ9Yg"
    "w/6NEAr5dm+Uu3ja3L2ANIHIhQINmHPjwbcXIeMfmcoSDVAOAk0CYxGKO/M5AUMVzEQ4Ty"
    "qWNQiQt7CrL4SIz77HLN7mH3FLpfKO/SSHYCBTWUNiypltk+k2EhH+KMbr1kLxfbVmTv0F"
    "O9KoUOdyDW6lDK7N2YMBM1stwLOlO7dl3Qryq4PGuc73IhIsS7pL250dR9yrwyTqMElHh3"
    "bI/4uNnslwpek9Q7SDA30rs7vhaGLTKmYI+B3pQc+YSTDNQT0hmoD8TshuC/PVld3yEiej"
    "0XmMkjgZJob15c3FyUAoQapANDLcvNHuiCdwx90E/YwOlA4q6CAWulG/fHhBNyqgvNWsXV"
    "HhnqddSc9TxEd87gTIhooWxcF4cDoYfvbdOX4Pt7R/dXU+hEvYtk1j7fTRzvw0QtKjPvVI"
    "e51BwrATYFoVbcFQpHMGYPPuoHCw1JgXE6LKhdHqyTD8rmspOiaqFr3261mr7EVPyqm5s9"
    "zcabuaZ8PQr0ydZYp36FTQjvmFEM6a5TgzxNVE1+aJTlWI6JpLvmXobuyRV0dD9ieMP8gA"
    "nx29EKTCLQxeEG3KxS7k46B8/y3z/StnnHLGdXOzvIeZ3TgRjZ0aud3Gg7/fiJXYJzeDPq"
    "KB9O1gOlc/rZbtEpftIBXX4QroKndV7h6w7eoty8gR2BNUpePWQp3j4rZy9iKYBWvwcFG5"
    "LfECXT3QGdnLrSqKVDJGkmJd2tRti5hZYdYAOdOP9rVnMJdlaJJjrOq5iayyfhsyNF0s6R"
    "ebDhSd9ax0FuSTyiKzgjxTBVSWaFHyEE4fPeIlchm685YII5uzqae7x2jBHpHJ6BxOv5jY"
    "cZ0gOQSW52F0BlcMigiklAj5knT5i8Z7V/Ray+g1MfgqUWtB+84dqNlCUnHDNSthuxLoIG"
    "e5lbjqqcfloqVN8TJjdcudHFJyyg+ZyU5yRytOWVcYPJ3dgQqerhI8LX6ETTRZV6riabwM"
    "0Rbn4mnTrCK2W8ZDxsRdONjXQjsc4OFqub/jm3FXy4lwyE/jHBPaHVVxuCcTt6q2kQ91dx"
    "0YfgBjHa3HJZXW26L1DL9GOtmob5BXrNgQE1Jc79Ncb4BYA0zv1bqnPYO4LM8bH10bxOKt"
    "C8HWJy27logo8fGLvf2meYZNTK+gn66CJDPbbghS2Rz2ewkQmOkxK31DsGpkpd8b3LbtLf"
    "C/xByXweozLfYbaOtpoYz3AER+coLS1QaVRa1Dxr4HFyyDMo6EalynJ1l+KG49M5m4ODUc"
    "HeIAHeS4zEbYzXIgNP+ADB/Cl1UNkFXs55/Kr6DCdttEVqmw3W7E2MipSasDf1KyM9zVjj"
    "WgihRu295VBbU2KKj13ElgA4ohaxu5Zh8KNpF+o5I7yGtmiV2YgBOiRBximscQATLnGHZt"
    "hEqfNuSURfdkKbZxnr5A2EFfbU4sw7O+Qo7Wrw+GDUkjKSXm1/QWcitPUHEoLdsvqjgUFY"
    "eyrx7j6C9L4Twh3/LCUEhRZMQ+HjAo8qwM/pjEnCohoi8u+n+8jDlWzkeXn8LmEQ2cno9O"
    "EsBHZv8M1up/rkeX2cgn5ZJOL0N30f8h03C2tjc8+K+ZR3XAF915huka1HkFz/vvZ1AN4F"
    "SsmqQWenFHFnSQVI34NdisGpgVF1JRWWnTh5JHyIfHtZAa0+7sCgDniXfGEm0MaBUFpKKA"
    "9nn8qiigfKj3Mx5ERQH9iFrPiwJKsXdlQipW54o2CxjYQ+2XcoXL7eeG+EygjxtnH7+Q53"
    "F7c2axU2BzsvnK4GbvCcbSYhpQQir7k6IFO0kLNp849V68Vja0T+ceCmXbTBAeXA3Gp7KA"
    "r024Luv2fhz+Iev0Gt/qpVYvQx3mE4fpclv+76pmwceFFEWSYblL/3olPjAi0g4qEB7bGS"
    "rwAZuG2JKKRbqqURKXVBmW2mODpE1PX1fiMzLMempeiSo9t1nPsCJ6TlZIde6aFRVRK1Z6"
    "xQrx0cTiLms41sA2JqtAzggai4S1lN0XRGXasTHolI8wh44q0EcooJTRuDL8Qne2x/UFdo"
    "jGgClNqabQ+5XTg8r4UMEXptyOO4Naecjy19799JXkechq+UrEIwl/wA2ciJMs9njd3R4O"
    "iNYdtWzZZvX5XCfRcZXnQUmMvaccKcmR/3QQ+IgSJGwPxGZ+kkCLIWDie2ghXgTdQepAOT"
    "iQtPHlAT//76CSK8RoG45MBJ+O/26686d9PF8CIHwvTaTa7J/K+7NL70/9csGNVwhu6YTc"
    "9hW5FKPEyZQQq2bRhZioYg7brGe14f5RNtwJ3m21lJb1cUZE1HHNDNMVeN5MSG9uhmc58X"
    "1OXtVFzxMbIxDcQ2ALUPMjIvyBHx3S8k2/pw2XinhGZZoE9Fk3dPXhLDpMDF9zGto6qbPW"
    "wWD7OU7LJM9azXzZZ4qT00ADwN44ncqRlcQ0MvNtfkw7MWmk0RfW6oSJf0piXzu1VBvmiS"
    "ehj06SJbDfiA3xkcygQFYQ5/Mea+aqVMokmcqIzaA41BQOpTOfoeBoxrj8A/xU6VxHMswh"
    "YCm+ri3UjCPvW3jGLb3CS3ngEekLzOdAj4j3NJfoq8tcbAZpSb5KmkX0ahPaE/34XUx9Rq"
    "U0fRL55IIyhdWYk/xl9zkW3IjrTz4J/nn7HH6/J7c0Kh/T8+VjugOfZ52sQAnBLhk8O84L"
    "FJ3IqukgKamUUFsJpkGznED5QR0rARXUEaN0mgjq2MMSw7DzqAj/wehqcHks9yyb1hRuOM"
    "RfeTDqfAptojhLMduqenC39as8F/nTZ4c9FyrNZPMx2Dv3BbVsWlSuoN2vN/V9F4phb4Rh"
    "T86qTXiDupWHIglpXm7ZdQmV1Ly6Yxdby+bVjT1s7S1OsydIV4t1zQy0zsczdKttJdp6nw"
    "Cu4BEbkxnhHJsHGU6x1b1ekV+MB61KusZ+XzB0x5k3X7gIS2/VMXKIi5iYdHoIuxCba3Ak"
    "zwmhv0HhGRe98P9ymacvXqY9Yc10qdK6tCuwV9nT+dB3157Gs5lhGjgn1Cq/aElCTFnWrT"
    "YD2xCY0qwRuBqADeyw+9G+9mzMlt1iJz/YJqOusg3yikFXdc3xNgzthsPdNgq5uhZDP3t7"
    "Gdwp3Fw6sk3pqCvRYApFQHwxBEmB5Fmv4G9C5wYlr5CskucgzAmaEt2wRHc9qB4HQUzYQS"
    "755iKHCUmxd6Qstd/c0nNu6dSYGy6cQzPF3IMexWXyQLjs2QCNehCbJevkid4c8dalg62i"
    "2XPUAbUdH1BzCRejInPlzQ+sSoh1LlnhVopsrL+SKlDHpboYxdZ4YkjHqJZzM2zfQXDL1O"
    "LJL8WTqsQjRiFfaqYwj6pMFlGhLmJ8WAbkw3yUD7NhXhjzRXWcQykFdAmgoSivGJlOToBZ"
    "znQRFVIwl4DZxfdEszmbGdWylyXldh9f+TyW/nbqGRkWmXFsVaykFhHq4Fh//b7MPi9JOU"
    "a2ee+TY71VWUTbBv6ecMGlQupcI4vIKReXHMq2+Ys6+DgeDERXnJBbejUeXAxvLo5RUJQ0"
    "STs8Q2QyzTy9mD+Vhe07UKUwjuu7wzILtmiVi628l0ymSOeE29yoZq0mxNo8vmui3Xx5U+"
    "VLzIe+W77ElIumTKAOtsUO+AFvWtbHJ7T7QWd7OBaaidqp5SBYoZbrKIji+pTDQItptIzn"
    "ADwiPzlozn7GC/FByBPUftiIUITuyeNfLuGWAfy+y5DoDolLOKD8s45nN9FlBrf/JXhHeR"
    "ucVH8WHa2OzF/VeP+ik5Ado/53cvhRBbqoxSnOoM/znEL59UyjMirEpdUhLu1YypsNclkv"
    "PBtGuKxd//sJ65MBFrEvVSVpamGSpgY3sC7m195d9NXTW9hkm+JNrGitOZHmpbexEwHKnG"
    "MLwQMdFO0DvTBcyHMMZxKQzQTMsOk03JfH6HHBeuIfQ1/IjEE9GXEiA6QztrVNP+KW2n7S"
    "oZ9WWYeMaRATI0B0hDz0Ej62hzCdip4IJ3AHPompowK4Wxj44iuzYthLTEgFvZQJetm//B"
    "01mPL+6WT4eXCM/DImt/S0f3k6OD+HUp06vJdpkuktHVyewRUinl0rs0fzviqbcINNNZJV"
    "R/WJxA8xyQ4ad3tizJXyVCkb/sdQczjV1FF0QlZlc2mzplVeD0XN7P4zUUkonodByMmYoL"
    "JQNJKFQuVKaJ/XNaRTTpkl2sTZkJwmvSLKyg0ai9eQrUszVnfMRYEMnInCU8ugDvJ/NzLc"
    "Y8SZ5wr4esL004njIO6ZcKaKTiWFZBHqyYNUWR7YRvtW9FLL6KX1sCxNLq1FOkctNX/GRx"
    "dAzBmvlg48ItNmPqk1sczRn1UB54RYB6E+elcGa9EqF2x5LxGgzzF1zLx6rQWnJBJy7chC"
    "DY/tTBZqTv7y/GTGnptxJquwtnVKVpW4Ll/iegVeJO68DvYRcVXNvQL+C7EjMYVZqpu42i"
    "G5lGAHV4HmQ8EJhRfPCngsGuURKTW3lB/bDuOuxkKzvGyUW0xod1zq4bZGdMNEqvI15UPd"
    "rXjRCocZdsEV/U7uFozdHxRwRWGTXimu6NFvXaGAPGePyCYceTaMUj9KyBbLH/EZG4eIIe"
    "4ifUH0+2N5BXtTiB8SQ8Rc8TpivXQRVJRBbJZijbbylFtqTIllMxdKZaEXX/2ONWP6FbL9"
    "+F9P2SyUX9b4qTj/fYrzXym9mhJiYo1kt/9hdBEx/DM+mfIqyJLuUJ2BHetCF9NpZRVEhB"
    "TydZG3iOPgnJDMIvDjcgr/uvgHU7lELqWAfEM/IdZBM38Lzovde4eeHuLP5x1qnkcBv2gV"
    "dMP2W4L2GQfvu9dlRq9olZ8c4nU6wV5OULeYozeI6d4ie/K6GtYH48HpYPgZorUPIffJ6H"
    "RwfT28/CQ6uqXXN6fw5zE6uqWD8Xg0FjPELZ38Oh5NJjLk++0tHX66HI3h/98lTbjCGf/N"
    "0S/vV3M8/FE0q19f9M/P09M44ZxxLVgUq3wDKcHufQxH796Vctu9K3DbvUt+DCHTzYlji4"
    "eLpdCwiGZlfx7FZHlWFx3a0DRGMmLXJZadlUsuPwd/RKS1845ibVu4F+wWaxvTuomFTmpp"
    "PSaptL5PWn+2UPeWLUodiHRvJ6K1A93F89Hlzfn5c52Vn3ADmwL6gywfUnivV+g8glZAxF"
    "YoCiEkwM8yNx4IlVXBfO+OwEh6a2zOpp6eGUFcSTYzWVM4XIOGqWxNKmh4l0HDEK1EnOr0"
    "c1yuQwbDrrl/tQv+AfdDwdxXuah3REgdqVRHKju90WwppA3X9Q42QZujerXuqaPAxue/Ni"
    "W8kiM6YwMfjvT8zTsMlpL79mtmEUYJJI5CDqFh4d5X6/xTxtQvrfb+7c93RsbuvVYPDZ/y"
    "y5+In6OoZuQQiXwS/PP2OU6QPDEpF+3gV7E4tYN4mtxQtMFY2nUQgwN16arVOInKdM/n1X"
    "z0gkyMp1VFOS7VPZybD2IwMZ17ENmks2r17FKC3UO7+bOucvnVbLw0Ga4UmZMS7B7azY9t"
    "H7S6IX9Z0or2UrSXor3K015wAkRzCKE19J6UVZrfJ83fmUy/r/W9xyVVjsC25QiscCQvWl"
    "/I0O7JcsP0Vn3b+I0s9/BDz01wlTgVQikxNaznZOeoAtWp31lfD5t1ETFOZoRzMVc42CSb"
    "AsYsy3CcDqNFqGu4JoFE8xp5IDQrtLEKYoN1f4MHspfuqFK4zTluEqtP0F1XsYIMKHTzPI"
    "YRuMZBj11FbJdpH/cSIJszi0HUOuEPeXmrqoB1Bf2N1911Fbe/POZuuij+3Qvq2XYRIFXz"
    "sgJY2QV5NkAtoxxQF3HzT65uCFZGbpG9tHmLoZKRppsiFYmg7cpwqhTIEJneZjPDNHBW/f"
    "IQ0RElEyb+KWF5Rzvr4NjzLcmsyn7VsRpH+uoIVBXDY/qEGzr4dFIBMsGdXlGIDF63eSpG"
    "Jv/NVK7qdoWdPwgjp2KG34hIBxM+bOWYMHxUFRAOmncQ3deHh2V894eH+c57uJfMqEHdgO"
    "eKI5yfNjkisvuMyc/jxGgsN3IFR0PzsZ7f/x87Gqxp"
)
