from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "products" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "code" VARCHAR(64) NOT NULL UNIQUE,
    "title" VARCHAR(128) NOT NULL,
    "description" TEXT NOT NULL,
    "entitlements" JSONB NOT NULL,
    "trial_days" INT,
    "newcomer_discount_bp" INT NOT NULL,
    "active" BOOL NOT NULL,
    "sort_order" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "products" IS 'Something to sell: it grants entitlement keys such as `premium` or `vip_channel`.';
        CREATE TABLE IF NOT EXISTS "promo_codes" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "code" VARCHAR(32) NOT NULL UNIQUE,
    "kind" VARCHAR(8) NOT NULL,
    "percent_bp" INT,
    "amounts" JSONB NOT NULL,
    "valid_from" TIMESTAMPTZ,
    "valid_until" TIMESTAMPTZ,
    "max_uses" INT,
    "max_uses_per_user" INT,
    "products" JSONB NOT NULL,
    "plans" JSONB NOT NULL,
    "first_purchase_only" BOOL NOT NULL,
    "active" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON COLUMN "promo_codes"."kind" IS 'PERCENT: percent\nFIXED: fixed';
        CREATE TABLE IF NOT EXISTS "entitlement_grants" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(64) NOT NULL,
    "source" VARCHAR(16) NOT NULL,
    "source_ref" VARCHAR(128) NOT NULL,
    "duration_days" INT,
    "granted_at" TIMESTAMPTZ NOT NULL,
    "starts_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ,
    "status" VARCHAR(16) NOT NULL,
    "ended_at" TIMESTAMPTZ,
    "note" VARCHAR(255) NOT NULL,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_entitlement_user_id_46f5e2" ON "entitlement_grants" ("user_id", "key", "status");
COMMENT ON COLUMN "entitlement_grants"."source" IS 'ORDER: order\nADMIN: admin\nTRIAL: trial\nPROMO: promo';
COMMENT ON COLUMN "entitlement_grants"."status" IS 'ACTIVE: active\nEXPIRED: expired\nREVOKED: revoked';
COMMENT ON TABLE "entitlement_grants" IS 'What one source gave one user for one key. A user''s access to a key is the chain of their';
        CREATE TABLE IF NOT EXISTS "entitlement_events" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(64) NOT NULL,
    "action" VARCHAR(32) NOT NULL,
    "expires_at" TIMESTAMPTZ,
    "lifetime" BOOL NOT NULL,
    "details" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "grant_id" INT REFERENCES "entitlement_grants" ("id") ON DELETE SET NULL,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_entitlement_user_id_846ad0" ON "entitlement_events" ("user_id", "key");
COMMENT ON TABLE "entitlement_events" IS 'The history: every grant, revocation, expiry and recomputed expiry.';
        CREATE TABLE IF NOT EXISTS "entitlement_reminders" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(64) NOT NULL,
    "period_end" TIMESTAMPTZ NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "days_before" INT NOT NULL,
    "sent_at" TIMESTAMPTZ,
    "outcome" VARCHAR(32) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_entitlement_user_id_41924f" UNIQUE ("user_id", "key", "period_end", "kind", "days_before")
);
COMMENT ON COLUMN "entitlement_reminders"."kind" IS 'BEFORE: before\nEXPIRED: expired';
COMMENT ON TABLE "entitlement_reminders" IS 'A reminder claimed for one period of access (the user, key and expiry it ends at): the';
        CREATE TABLE IF NOT EXISTS "plans" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "code" VARCHAR(64) NOT NULL UNIQUE,
    "title" VARCHAR(128) NOT NULL,
    "duration_days" INT,
    "stars_subscription" BOOL NOT NULL,
    "stripe_price_id" VARCHAR(128),
    "active" BOOL NOT NULL,
    "sort_order" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "product_id" INT NOT NULL REFERENCES "products" ("id") ON DELETE RESTRICT
);
COMMENT ON TABLE "plans" IS 'A way to buy a product: how long it lasts and what it costs in each currency.';
        CREATE TABLE IF NOT EXISTS "plan_prices" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "currency" VARCHAR(3) NOT NULL,
    "amount" BIGINT NOT NULL,
    "floor_amount" BIGINT NOT NULL,
    "plan_id" INT NOT NULL REFERENCES "plans" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_plan_prices_plan_id_ef1ea5" UNIQUE ("plan_id", "currency")
);
COMMENT ON TABLE "plan_prices" IS 'A plan''s price in one currency, in minor units, and the floor discounts stop at.';
        CREATE TABLE IF NOT EXISTS "quotes" (
    "id" UUID NOT NULL PRIMARY KEY,
    "currency" VARCHAR(3) NOT NULL,
    "base_amount" BIGINT NOT NULL,
    "total_amount" BIGINT NOT NULL,
    "lines" JSONB NOT NULL,
    "status" VARCHAR(8) NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "paid_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "plan_id" INT NOT NULL REFERENCES "plans" ("id") ON DELETE RESTRICT,
    "promo_id" INT REFERENCES "promo_codes" ("id") ON DELETE RESTRICT,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_quotes_user_id_5b9df6" ON "quotes" ("user_id", "status");
COMMENT ON COLUMN "quotes"."status" IS 'OPEN: open\nPAID: paid';
COMMENT ON TABLE "quotes" IS 'A price offered to one user for one plan in one currency, valid until `expires_at`.';
        CREATE TABLE IF NOT EXISTS "promo_reservations" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "redeemed_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "promo_id" INT NOT NULL REFERENCES "promo_codes" ("id") ON DELETE CASCADE,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    "quote_id" UUID NOT NULL UNIQUE REFERENCES "quotes" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_promo_reser_promo_i_a153c5" ON "promo_reservations" ("promo_id", "expires_at");
COMMENT ON TABLE "promo_reservations" IS 'One use of a promo code, held by a quote until the quote expires or is paid.';
        CREATE TABLE IF NOT EXISTS "trial_uses" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "product_id" INT NOT NULL REFERENCES "products" ("id") ON DELETE CASCADE,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_trial_uses_user_id_6d775b" UNIQUE ("user_id", "product_id")
);
COMMENT ON TABLE "trial_uses" IS 'A trial is given once per user and product.';
        ALTER TABLE "users" ADD "blocked_at" TIMESTAMPTZ;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "promo_reservations";
        DROP TABLE IF EXISTS "quotes";
        DROP TABLE IF EXISTS "promo_codes";
        DROP TABLE IF EXISTS "entitlement_reminders";
        DROP TABLE IF EXISTS "entitlement_events";
        DROP TABLE IF EXISTS "entitlement_grants";
        DROP TABLE IF EXISTS "trial_uses";
        DROP TABLE IF EXISTS "plan_prices";
        DROP TABLE IF EXISTS "plans";
        DROP TABLE IF EXISTS "products";
        ALTER TABLE "users" DROP COLUMN "blocked_at";"""


MODELS_STATE = (
    "eJztXW1z2kgS/itTfLmkis3ZxHZy1NVVEZtkubXBh3E2tWFLHqQBdJZGRC92XHv57zc9Eu"
    "hdlmQBQpkviZGmR9LT89LzdE/PXy3dUIhmvelTW7U1ohNq9x/YP60u+qtFsU7YH6ll2qiF"
    "Vyu/BFyw8UzjQsQvLREozm/jmWWbWIb651izCLukEEs21ZWtGhTkJkuClqplG+ZTFzFB8w"
    "ktTEztNjLJgyFjKNdG5PtKZXcwVdhl2dBXjk0U7+obeJBiyOxJKl1UWKdD1W8OkWxjQewl"
    "MVnNX/9kl1WqkO/Egp9fW45FTElVoPg9eWr9CQVW99JcJZoSAtUtw69L9tOKX/ugLgbU/s"
    "jLwjfMJNnQHJ365VdP9tKgGwHV1cKCUGJi9rbsmm06gCp1NM1TxRpo9/X9Iu57B2QUMseO"
    "BroBafcF/GstSRqOJtJNfyJJrZje1hIB2L1LskFB5yq0AABgAa/wyz86nbdv33WO3p69Pz"
    "159+70/dF7Vpa/b/zWux/uy/houVVxzAafBsMJvJDBGpbb9uDCDy6DbexKcfX46INuYvCf"
    "L7GZDL5XPII++6wo+muss+BfX/Dx97vCLhSg4++SRujCXrKfZycZ2H7ujc9/7Y1fnZ28Dg"
    "M89O50+C2A2oeW9W54owLo+hINBPhtJwfAbzupAMOtMMB8RCKWhO04yBcMJlvVSTLQYckI"
    "2Ion+mb9Rw7ovYGjLshnID0ZXPVvJr2ra6het6xvGoerN+nDnQ6/+hS5+uosopVNJej3we"
    "RXBD/RH6Nhn6NpWPbC5E/0y03+aME7Ycc2JGo8SlgJYrK+vL4U0rKmzjdaiMwShqERTJNV"
    "HBSLKHjG5LbVnTZXdqvVD6PRZUihHwaRqWB4e/WhP351zDXJCql2aIbw8VaIjVXXhsk7bg"
    "VEdjdwtVo7GbY6p6c5xi1WKnXg4vfCGMsmATRKjFxhyQpGrtpNGuwDlRHVnrxR9UCGMm8C"
    "yBzJuKktJdm7qcZuUOR5k7f+E5Nn9HaOT96dvH97drKxdTdXskzc+GAVWGWEEb29HVwkQx"
    "oQiSDqOKryBgQPsNtkoOYaVm67D7Zo/qU/fsDCbH6fuDgAqOLQfjRMoi7ob+SJAzxg74Gp"
    "nDTReuvlW6+aw4TUv+p3JxM/blaywQbFvp19MXGn1vPezXnvot+KjwEVYBrgID6tqzysoS"
    "AvvMEhMIQvewE0vL28bPEmPMPy/SM2FSnUluGO0TEiVzZl47f0jh69gilecHjgO+Ct01SQ"
    "TRVt1JSPKuKfnZMq+n2JbWRQgizDMWWCFviB8N/QNNHcMPkPtnZ/g3r82t8shGWZWBayDY"
    "ThDlLZ30uC5CVTBTLm8EM1YwTS1p40pbD4ZZW5391GBMtLxHqBabNHo8clMQkXg/pnhD2J"
    "IEIVC72yCEEBmG+I+aDK5HVZogqsYxvbjlWQsvpZ+KoXTt2CidoDE+V21mR0+9TRY3NOCG"
    "lfus5gt0bji/64iwxTIWw06V1cDYZdhBVdpVM6GQ96l9BdVKxN6fV4dDXqopVp6EZ0hMuj"
    "oOOzHAo6ji40fAXBrSQFSSaZF+kCYak6K6dkTzjuvM+DdOd9OtRwL8JvOCb3c0gKfkpgOV"
    "LH8ZicWI/F12N89i5FbIQlG0hsHAiRkYuT5XZZGeI9JCiUXGslC/fKz6Blb7FT1jbcSO+Q"
    "+HdXigXp/1bvfDL43GcmIZee0v6X68G4f9F1AxuIMqXj/ufRb3AFgiHuiVIP25CtcktNqE"
    "E50QXr3AWpYacszpI1uy4vfG15fG3CRSBcBPvmsJ91EaQz2IGJYBM8GAmD8OQ+/jYmGk6J"
    "IMoIXTzIgT8G+Y8dUf1josOXm61stn9TrJ2X8Dc9iZycfw+tBZCsYTaHKxv6fUVM1VCAWv"
    "eo91dAnEMbbHMCHgI7vRhP1XZZdGy/7gK9HiP8t/OYKXWbE/LVCG6BR/Au6PieWCCxMJDh"
    "gLdBZp8PtyBglWlGn7H/2FP/a8yQ6VDWeC3EsCJpjP/XzSC15oz5i0vsjfhF1f0faB3J9S"
    "y41H/ASyA8AcIT0AhPQLjpF1lOhCUFdVPrFcV6TCuzpF/L1rk/tT70P47GbDHvjtfxxXw9"
    "lu7BKSX/NBGRKuVmKKWHo1rPFwHKCsylEtyzLyb4kDqPXszqk42kgO90GyAgskNWxLOId0"
    "OOVL9/QkQhp0Pf3ChkwYcJPuyA+bBt0jzXGqatBF6HX29nETkrViI3cfOInyAacuY8IQxR"
    "SIoj2120NB6RZtAFUB8atmyLEyicEmFXZAOuqNSNi5Qd0yRUTtjhW3ntz4dQCnJkl+SIzB"
    "pfEctoXb4as2i/0G6ZHOFcbBFsNwJ1XiuL2LuaLtkqXxbb2LQky5n5bxNDOHPLbHIFYvNs"
    "gc2z8BIrIq1MVSaJRnZGNG9ctNSwUrdWvv1RxY8HKtDYfaEdNvD1bHm47dswbYmH2BcYvc"
    "NCgs+Mgip4mHSoG8zDrJSSWg9LCq3XResJ5Lb39gEHrLsgL5YFICy0uwG05sZvBg3nIVYB"
    "E3ft13RgEOcl48KtK8THjVlzHw/OJ/kC1Ljp+sIANaDarqGeBgEeGgC+OYb9UpD+43gRwE"
    "0BaNukrtuiUpjdTXPLpnclv3nnIXlB5G8W4kLArELE3JpYbcMFXaWGiZhqYLc7kLEQPTfX"
    "DHZRUS3ZcBhoyLKNFcJ2Es9b/QMSY+dWHve9rlrExu2X/l2rIQZtBgUckGkgU/k2j1883S"
    "0eYxN06BkJA3RGTlJfpknG2U5Sk/rA86FJKgN/VLIxFMOONcCnuWIrE1+iSS1/a8sSbzJ9"
    "6ZrEq+bAwM29IPEbVa2iA7yVYJIZ6S8SM4xIt1BOC/LG0JkVBrmPbANZRNO6fE8Ez46EAv"
    "tGYKsFM+MceYmwhe5WsF3D0e8Qs/LuHtSVJC8xpUS7i5uQW3mCCBeomb0owgVEuMChOvaC"
    "bxbDeUK+p0ULkCwH9iFuk84iwPtfJiHue43oq6vel9ch/vtyNPy0Lh7QwPnl6EMs58Bm9E"
    "+gqv59MxomIx+Vi/omVNlG/0Oaam3NNmz9c+5QnkYfzRxVs1VqvYHn/WsPqgGcslUT1UI7"
    "7G+ACqKq4TnMisbPhIVE8Ex86UPJI2wgMKU1NSbNVgUAThNvzEq0MqBFsIYI1jjk9iuCNd"
    "KhPky3vQjW+Bm1nhasEWPvcnm+19s/Xub4PkDt5/J5c/PzhfhMoI5b6xB7yH7c3pDd+BzY"
    "nGS+0rvZfoax1A0JKKF8pGU6IoIWFLRgXaDd8q7qxufeuO6Pz/vDSRcSQMmE2lP6cfAFcm"
    "/M1e/lMm/koQ7TicMYbei9V7EVfFhIUCQJK3fuXy/EBwZE6kEFwmMbQwU+YE1lJimbpIsu"
    "SsKSIhtKfdYg8aWnqyvWjVStnJo3okLPddYzzIiOlRQanDpnBUXEjBWfsdb4SGxyl5Izcz"
    "yLbUhWgJwQNBYIa8lrFwRl6mEYNMpHmEJHZehjLSCUUbky5qpp2dLKMeUltohkAFMaU02m"
    "9yulBrExv4AvTLgddwa18JClz72H6StJ85CV8pWwRxLzgbP9L3WZAD099qs7wAZRuy2DNT"
    "NW9+c6CbarNA9KpO0950iJtvzng8BH7sm6PMe+e14lAia+jZbsQ9AMMrzxxoH4Gp9v8HN/"
    "eydwQYy2aqEVVpV4/HfVlec5bNcFwvXSBE4JE0ft7tT7U6OT3Wo6INd9Rs7FKJlEIUQvZY"
    "lFRAVzWGc9C4P7ZzG4I7zbZirN6+MMiIjtmglLV5Eb+8W5sWMLl4J4BmWqBHSvBl15OLNz"
    "HLnn1790N3EwGOww22meHEebkS95T3F0GKgAWJHEPf827cigEUefrVYnBvsnJ/alUyTVYZ"
    "x4FvrgIJkD+xexIS6SCRTIBuJ03sNnrnKlTOKpjIz5nLDlB2xKN1yGwvSPHNQwjec64mEO"
    "Hktx569QE7a8b+EZU3qNn/iGRyQvsbkAeoR9p/aE7mzDxpqXluSO0yys1hWhbVaPd06Vy6"
    "jkpk8CXc47ebsYc5I+7e5jwg24/viT4J+Tffj9njVpRD6m/eVjmoHPs0xWoIhgkxY8O84L"
    "FBzIiukgKimUUFoJmkqTnEDpQR0bARHUEaJ0qgjq8GbfxEH/+TB/X3qHuSnA8igIf2t03R"
    "92uc3CzJze4KLLvT1Rs2oPIf7Cg1GmK9SJ4szFbENrK6HjgJjwXNRZv8JzkT58NthzIdJM"
    "Vh+DvXNfUM2GReEK2v18I45J3TPDHh1Vq/AGNSsPRRTStNyy/kkXsXF1xy62mo2rL/aw5T"
    "lDpFA0Z2IocQIt5UmvHUdbiSc+EGX9KOjzmTDtLUysnxs6KxP2K6QUaWf5gWyvMHszXjq3"
    "S2hmwOHEXAaSD2NFV6mF3PdGqt1FpuHYDJE2wrJMLAuZjkaszWkXOqEOssn3xAM0Kq1bJD"
    "ipV4ir7DfL3G4ZX0SkOYl6ZWJpTmQGxMIwUxxfz3OgQfk6O8Fav/Yvr7sQE7+a0pvBp2Hv"
    "8qaLLDb9s8qn9MPg8nIw/NRFM1XTmD6mtPfx4+BywJbZXYTnc1VT2SewqxdXg2HXHWTK8K"
    "fHZzkUeBxd1AeyK58VSq6c3kv2llx5Z32lc5oHa1YqFWx+L5q2F1NLS9v1lO7EicrVw5fT"
    "qDQqJvnmuC4Bh+k/bkdm7RCNyYqNovk3im7A846UKIt9QFzsiS6A/5JZOxoxJVnDVoovMx"
    "n5mGADZ4Hqz4sgFD48wSTNbOUBKTG2iNzXIvd1TQePZrnrCuzs3+ZO7DXJ9DuZLQ3jvpXB"
    "Q62LtHPxUI9u6QLbsE3jERJeIjefN7KX2EYrNv0Rlw2yCGviNpKXRL7v8ivYUVQbQRPRNp"
    "wRmy9tBHFZyJjHGKmtPGVKVYXoK8OGgFP06s6tWFKVO9i77fae17njjzf4BTwTga5dLBg5"
    "K26wYTTXTkIF08mwjdKLKSEkVomP+KfRRWDhn9BlCsTPJkg3yFu/Y13IbDgtrIKAkEC+LP"
    "I6sSw2xRcGPywn8C+LvzeUc+RiCkhf6EfEGrjM34JjZPeep+ebeKPO3STfE9afGcdueuW3"
    "BO0eG+/pcZ7Wy0qlosvv5dvawMboF+xs2CJ7clwM69a4f94ffIYDC46m9Ho8Ou/f3HAX3v"
    "GU3tyew88u6kxpfzwejdkIMaWTX8ejyeQSRE6mdPBpOBrD36c5HXnuiP+28+5sM8bDj6xR"
    "/eaqB37F6DBOTNMwJW9SLNIHYoLN6wyd09NcbrvTDLfdabQzrJluk1gr9nA2Fao6kfQiSb"
    "qzqmiQQVPdMRO2TfRVUj7pVIiDIrUddwRrW0NbsFmsbUjrGlbL5X4LSwqtH5LW97ZroWaT"
    "UgM2LdQT0dJ7Ftjz0fD28rKyMPCirqT1+ZFJPqTA2ZIZziN+iPr6vJU80ctcAvwsC/WBQE"
    "YZmbjeHcg3A94a7xyMpOjkQrIJvpuvm+bqFXS9MyIgeV8BycIK+wnnY6/vFd6aGRASG17F"
    "7sxGGzo1hbTi3ZneJPxyVK/9mhoKbHj8e3luyeqMSN6iEwzIdUtPNx6hseS0G28MnUDywc"
    "elgSxCbfR31iRM+w1ahzohVbEQNgk6O/llpiZYj6VqqHgHm0g1WHWqwU0sSOkgkioNijoY"
    "67t2orM+zP+OoZ/hQQ/INM/nUr333D3rrijKYanm4Vy9E13DdOFAZI3sZSXIC3VMsHloV7"
    "/Xkk+/0go/aQYuFBkSE2we2tW3bUG1pEPfXKoFot4lixBaQu9RWaH5Q9L8TDPk+1L9PSwp"
    "ckXWLVdkgW1IwX2WtmprBHLyS+QBMvMnLJcKHJ3Z9+vrQ3UH2PlT8wIFuxFbIlaJ1Seorq"
    "lYwY5z9npmdXCNvRqbiljyEajloROH/1Z/+O9BAuTuUXghQgm7SA9yps+GiscUvBSpQKxE"
    "U5rTNl0GPWKq8rKV4DTw7rSz3AbYL/Oc3yAdBpGbrl6hIA/MbiiYdSsg0sBNWFsJ3YdOVQ"
    "Bhr3gD0T0+OsrDZx4dpROacC+6y43aJOk0oPRUZgGR3Wcx288iu7J8ZXvNx/Hj//FX1Tc="
)
