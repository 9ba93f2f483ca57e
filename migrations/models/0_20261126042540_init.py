from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "telegram_commands" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "command" VARCHAR(32) NOT NULL UNIQUE,
    "category" VARCHAR(16) NOT NULL,
    "description" VARCHAR(256) NOT NULL,
    "translations" JSONB NOT NULL,
    "requires_auth" BOOL NOT NULL,
    "requires_premium" BOOL NOT NULL,
    "handler_class" VARCHAR(64) NOT NULL,
    "enabled" BOOL NOT NULL,
    "sort_order" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON COLUMN "telegram_commands"."category" IS 'HELP: help\nSIGNALS: signals\nBILLING: billing\nAFFILIATE: affiliate\nADMIN: admin';
COMMENT ON TABLE "telegram_commands" IS 'A bot command as admins manage it: routing, access rules and the menu text.';
CREATE TABLE IF NOT EXISTS "users" (
    "id" UUID NOT NULL PRIMARY KEY,
    "telegram_id" BIGINT NOT NULL UNIQUE,
    "username" VARCHAR(32),
    "first_name" VARCHAR(64),
    "language_code" VARCHAR(16),
    "start_payload" VARCHAR(64),
    "created_at" TIMESTAMPTZ NOT NULL,
    "last_seen_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "users" IS 'Someone who sent /start. Telegram ids are 64-bit.';
CREATE TABLE IF NOT EXISTS "telegram_webhooks" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "update_id" BIGINT UNIQUE,
    "telegram_user_id" BIGINT,
    "chat_id" BIGINT,
    "message_id" BIGINT,
    "update_type" VARCHAR(32) NOT NULL,
    "command" VARCHAR(64),
    "text" VARCHAR(512),
    "status" SMALLINT NOT NULL,
    "error_message" VARCHAR(255),
    "handler_response_time_ms" INT,
    "attempts" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "claimed_at" TIMESTAMPTZ NOT NULL,
    "user_id" UUID REFERENCES "users" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_telegram_we_command_ca9798" ON "telegram_webhooks" ("command");
CREATE INDEX IF NOT EXISTS "idx_telegram_we_telegra_a61bed" ON "telegram_webhooks" ("telegram_user_id", "created_at");
COMMENT ON COLUMN "telegram_webhooks"."status" IS 'RECEIVED: 0\nPROCESSING: 1\nSUCCESS: 2\nERROR: 3\nTHROTTLED: 4\nIGNORED: 5';
COMMENT ON TABLE "telegram_webhooks" IS 'One row per update that passed the secret check: the audit trail and the last line of';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztW21z2jgQ/isaf0pn0hwhkOSYm5uBhCRcCXSAtDctHVfYAjSxJVeSmzK9/PeTbAN+JZ"
    "hCSChfGCztSvLzSCvtrvxTs6mJLH7UQxYaMWhfUNuGxNQq4KdGoI3knyyRQ6BBx5kLqAIB"
    "B5anIwJh3fClvVo44IJBQ0iBIbQ4kkUm4gbDjsCUKLUqGFABAh0AOYCmjQkH8hGOEMCiAh"
    "h1BSajQwANA3EOmGshKSfFxRgBGxEXCPRDHKkOTWrIHqX0Btp2Cf7mIl3QEZKVTPbw+Yss"
    "xsREPxCfPjr3+hAjKwoo9sDzynUxcbyyBhFXnqAa9kDCZrk2mQs7EzGmZCaNiVClI0QQgw"
    "Kp5gVzFaDEtayAhCnG/kjnIv4QQzomGkLXUrQobX8A8zJN11vtnt6t93RdS1A21QghHRQZ"
    "lCi65VC59/YjNYS3xePSWen85LR0LkW8Yc5Kzh79rufA+IoePK2e9ujVQwF9CQ/jOajGfF"
    "pGkb0YQ5YObUglhq8ceBzfKZovF2Ab/tAtREZiLB9PigvQ/FDtXNxUOwcnxTeqQyoXpb9s"
    "W0FN0atSgIcAlkCMKJukI1wnru2h3JCDgsRASbRD+uuBe1owx3tuVlYHXLupN99XwBhZTp"
    "90G9etarNbARyPiGy8T2qNZrPRuq6AAbYsyUefVK+uGs1GtVevADgcYgvLV5Cll7eNVsU3"
    "MnFbtAyBx6dLEHh8mkmgqooSGH7NHKskpvaSqVtxrRTLy2AtpTLB9uqiaMveCLegGhlPwv"
    "1Pt91KhzuuF8PbxIYA/wEL88QOsC7ctb+GLjHUAMDAxZbcEfmR6vZvbUNsLABf4aRatjn/"
    "ZoUxP7it/hun46LZrnmQUS5GzGvFa6AWo4ahby6W9Tp0Jf8JbmqUWgiSdHoSujF+BlJ5U8"
    "RMd5PnpaDWbjcjFNQavRjwd7e1ujRGHh9SCAsU3rNTgHcYsrFrr4p9SP0Z4Z+VvFr8x/K0"
    "YyGmGxbkKUYpew9IKO7gLnBaWmITOC1l7gGqKgo3IurFU46kC2d5SGtvW5af25wyoVNmIp"
    "bDuYoqPe1krQvtwqZm9FqcrNCZnyH15joUSVAvZY3ANsrwrSKa8UNMoHo0/fMajYd8QbNN"
    "rEmweBbg2mvc1ru96u37yFS/lB6Dqil6pZNY6UH8sDlrBHxs9G6AegSf2q16/MAzk+t90t"
    "SY5DmF6oQ+6NAMeaTT0ilqjypYMbwPedaqYACN+wfITD1RQ4s0SzZZZRfteIkXczEDcNUw"
    "Y0Gmj2gwpvReWxCHmoocLhWHevCll4xDtQkCjD4ABzHgOmqWAjGGAjhy+0N+NIgjOcUFMM"
    "bIuK94JdA1sQBqilizmJHcL4U8rMvm6DARkdpIL32CTWQ7VCBiTMDBV79hHZtfAebAXz1v"
    "loxgfZ7j53K5/fuxqNDS/pIrxlXDo98lzPVnsXhyclYsnJyel0tnZ+XzwswUJ6sW2eRa41"
    "qZ5YgpeDoYNiM9HwkRtZV2wwDq34+LkOOfsmSWpyBNey1MbHu73AoXhjSnuSkIKe2RXxV5"
    "G3Eut/jc4Ef19vivin9gyj3kEgRkO/oxtR108zeQGHn+zNPTU3x7maf1x1FUzjUPulP5DU"
    "G7xclbPl5m9kqpTHS9uljkREDhpoQDpY1+Oqs3V36+6MlxPqy1Tv2i3vhQv6yAQp+877Qv"
    "6t2ul8I77pPu3YV6rIBin9Q7nXZHWog+6d102r1eU6mU+qRx3Wp31P/ykok83+KfFM9OZz"
    "ZePSyy6t3bqsorxs04YowyPdgU86yBhOLuLYZiubxU2q68IG1Xji+GaaSbIe7IzuVWiG2k"
    "2+nLY3GwPK2JHTrQrC3ICIVAtiPyQBxWebF2Zx+1fYFnwd2K2kZYt6DkZCXWI5p71l8T65"
    "lBpru7xmWGj5cZWXJdbB4pxde3KS2g1PfofI7C6Hsv+pjMfETBTSJ7RRnCI/IOTRJH4xie"
    "QcbiLmjmVSI6L50PkcGHWcg/PJ3kq8sXRn6KVvYPWnfNpva4nVSSh3pK/mjKRnbSSL3Rko"
    "miLrURJQg8jCngiAjwh5wMTByBaZYKYJMDyJB0i98OcMq15JVaWPPl42xb8ctmYoXsTOj+"
    "mdeT+ilt4/LZE4bjcEECZhbGXzn+/wsB0N83IxY13d7/BPoLgp8hnd1zl9cf+BxixoWeF+"
    "Wo1u7hvP74pwXJyFVJEUPuVXmgTijuHtrrvybvbb+6AycWhbmC+gnF3UN7/XN7H6vIhn53"
    "vVZ1YUnnCJEVeI/r7pl/6cznuFsYT2CnBIVrgeLVuw7yv5PJ9rxT7gq+LvOb5YQ/btJzri"
    "KGjbGW4jsHNYeLvGc4l3nKfc6GYf917cv6uvY7Yjznd4MhlR28RrKR5KNaVDkQDsR3EN3j"
    "QmGZY32hkH2uV3XxezpEIJJy3sj+GDOk8vzfYW4nWr62Ly63+kXB4/8ji1et"
)
