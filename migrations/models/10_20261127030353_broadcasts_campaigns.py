from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "campaigns" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(64) NOT NULL UNIQUE,
    "code" VARCHAR(16) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "campaigns" IS 'A marketing link (t.me/<bot>?start=c_<code>) and the users it brought.';
        CREATE TABLE IF NOT EXISTS "broadcasts" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(8) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "segment" VARCHAR(80) NOT NULL,
    "chat_ids" JSONB NOT NULL,
    "text" TEXT NOT NULL,
    "media_kind" VARCHAR(8),
    "media" VARCHAR(512),
    "send_at" TIMESTAMPTZ,
    "created_by" BIGINT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "started_at" TIMESTAMPTZ,
    "finished_at" TIMESTAMPTZ,
    "signal_id" INT UNIQUE REFERENCES "signals" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_broadcasts_status_46f468" ON "broadcasts" ("status", "send_at");
COMMENT ON COLUMN "broadcasts"."kind" IS 'MESSAGE: message\nSIGNAL: signal';
COMMENT ON COLUMN "broadcasts"."status" IS 'DRAFT: draft\nSCHEDULED: scheduled\nSENDING: sending\nPAUSED: paused\nDONE: done\nCANCELLED: cancelled';
COMMENT ON COLUMN "broadcasts"."media_kind" IS 'PHOTO: photo\nDOCUMENT: document';
COMMENT ON TABLE "broadcasts" IS 'A message for many chats. Its text is Telegram HTML; its segment is a code (all, premium,';
        CREATE TABLE IF NOT EXISTS "broadcast_buttons" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "position" SMALLINT NOT NULL,
    "text" VARCHAR(64) NOT NULL,
    "url" VARCHAR(1024) NOT NULL,
    "clicks" INT NOT NULL,
    "broadcast_id" INT NOT NULL REFERENCES "broadcasts" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_broadcast_b_broadca_233b54" UNIQUE ("broadcast_id", "position")
);
COMMENT ON TABLE "broadcast_buttons" IS 'A URL button under a broadcast; presses go through the web app''s redirect, which counts';
        CREATE TABLE IF NOT EXISTS "broadcast_recipients" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "chat_id" BIGINT NOT NULL,
    "status" VARCHAR(8) NOT NULL,
    "attempts" SMALLINT NOT NULL,
    "next_attempt_at" TIMESTAMPTZ NOT NULL,
    "claimed_until" TIMESTAMPTZ,
    "claim" VARCHAR(32),
    "message_id" BIGINT,
    "error" VARCHAR(200),
    "sent_at" TIMESTAMPTZ,
    "broadcast_id" INT NOT NULL REFERENCES "broadcasts" ("id") ON DELETE CASCADE,
    "user_id" UUID REFERENCES "users" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_broadcast_r_broadca_116207" UNIQUE ("broadcast_id", "chat_id")
);
CREATE INDEX IF NOT EXISTS "idx_broadcast_r_broadca_761ece" ON "broadcast_recipients" ("broadcast_id", "status", "next_attempt_at");
COMMENT ON COLUMN "broadcast_recipients"."status" IS 'PENDING: pending\nSENDING: sending\nSENT: sent\nFAILED: failed\nBLOCKED: blocked';
COMMENT ON TABLE "broadcast_recipients" IS 'One chat of a broadcast and what became of its message: the durable state that lets a';
        CREATE TABLE IF NOT EXISTS "campaign_clicks" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "telegram_user_id" BIGINT NOT NULL,
    "message_id" BIGINT NOT NULL,
    "new_user" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "campaign_id" INT NOT NULL REFERENCES "campaigns" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_campaign_cl_telegra_f17a8b" UNIQUE ("telegram_user_id", "message_id")
);
COMMENT ON TABLE "campaign_clicks" IS 'A /start through a campaign''s link, by a new user or not.';
        CREATE TABLE IF NOT EXISTS "campaign_members" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "signed_up" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "campaign_id" INT NOT NULL REFERENCES "campaigns" ("id") ON DELETE CASCADE,
    "user_id" UUID NOT NULL UNIQUE REFERENCES "users" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "campaign_members" IS 'A user''s first campaign (first touch), set at the first /start through any campaign';
        ALTER TABLE "users" ADD "signal_notifications" BOOL NOT NULL DEFAULT True;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    # Dependent tables first (aerich's order dropped a table others still referred to).
    return """
        ALTER TABLE "users" DROP COLUMN "signal_notifications";
        DROP TABLE IF EXISTS "campaign_clicks";
        DROP TABLE IF EXISTS "campaign_members";
        DROP TABLE IF EXISTS "broadcast_buttons";
        DROP TABLE IF EXISTS "broadcast_recipients";
        DROP TABLE IF EXISTS "broadcasts";
        DROP TABLE IF EXISTS "campaigns";"""


MODELS_STATE = (
    "eJztfWt327aW9l/B8pcma6k5jnNpx+fMmSXbSqqpbflIctuZuouBKEjimAJYkLKjd6b//c"
    "UGL+LdJEVJFIMviUVig9KzQWDf9/+eLNmUmPab7mxmmAZ2yMk5+t8TipfwR/JmB51gy9rc"
    "ggsOnphyNPaHyct4Yjsc6464M8OmTcSlKbF1bliOwSiM76KVTTgyKHIWBAXUyOJszvGyg5"
    "4NZyHv6eJh8IfBESczwjk2kWnQR6Rjzg1iv4EHTpkunmjQ+Q7mXlHjzxXRHDYnYigXT/j9"
    "D3HZoFPyVfxc76P1qM0MYk4jGBpTmEBe15y1Ja/1qfNJDoSvPdF0Zq6WdDPYWjsLRoPRBn"
    "Xg6pxQwsVvgOkdvgJA6co0PfR9jN1vuhnifsUQzZTM8MoEtgC1+wU210407XYw1ka9saad"
    "JFjmU4SQ9i7pjAK7xVe15a+fw1f4/uzt+x/e//ju4/sfxRD5NYMrP/zlPnoDjEso4bkdn/"
    "wl72MHuyMkxhtQgWlJWC8XmKfj6o+PISu+chxZH8fmQrvEXzWT0LmzEB/ffszB8Zfu8PKn"
    "7vDV24+v4YFMvI7um3rr3TmTtwDqDbT/wwxKphp2kvheCYwcY0nSMY4QxoCeepRv/D+qwO"
    "5f2OC+2Vj2ATwneDqg5tpjeA7w4/5NbzTu3tzB45a2/acp4euOe3DnTF5dx66+ijMpmAT9"
    "2h//hOAj+u/BbU/Cy2xnzuUTN+PG/30C3wmvHKZR9qzhaWht+ld91CI8h71SS9uo7u/7V+"
    "ncDpHEeL1aGdM3QHh0r1YOR+V79M5lURh8+Tv/+gt2/9ljaKuCCxOsPz5jPtUid0KbmGno"
    "j3YS9AuP7tPPQ2Ji+SOSKMeP5kuY7Ajfqr/8heVf3bxd4e1+uTRsW0y9JVyXwURthcrCa7"
    "ZytoTpTk7SVoh8MW9LkIbeNG2CCbYtdsZStyvY8ZOIDSgZM/GPPCX6Yj5M9TRRywPt3pvk"
    "GM+FBFziMsfPgcwfPhPFLxe/lziuXNodXXaveid/RU6FKM5wa3m2jF/BFM/l74VvBt8jfd"
    "/PU9qCk6GA5qZtzqQi+tvfBLu5I7QnzlbzBcJ0o2l9Z0stqoMma4QRJc+uQsY4osxJ09e2"
    "mitFP/v9xBEMAGVPC/FlSWxbIAqf/ohpcL+HYHAH60Lic1yR9o9S+t2FMf9WVLx/Ozt79+"
    "6Hs9N3H3/88P6HHz78eBroeslbeUrfRf8z6H0REfhlRTCNx8V5kUb9MmeOYIPfJ3NCO8/m"
    "5SrFhiidYkBlBoitUUs/pi8YMwmm6fiHyWLoTwTdEcKfh+RgcB1Ryy/6MVxv728uesNXb6"
    "WyJwYZTgbcofMhAXi+rSRKqYwlx2QsiUsJBU27cbI2bXNb2XkTtpMUqJM4f2KcGHP6M1kX"
    "1DwiTowjg7moAhJfYwW0kITVKqmW1KSxWIZg1kmapuLeyddQLEN7JOtSniWhNggSNBN6gn"
    "QCWRZnT4IAde/654iJzQkZjo1GP3W/P/vwERkw3ErVTbacTXmPmuU9EnzUFthelPEghWla"
    "50X6+L6AF+nj+0wvEtyKikYWJzPjaxmANxT1wHvokzHqpjsr4qY7y3bTncUBVrLntyh7cv"
    "LEHitxPUpZA9e9r9sUph8Jk31McrlsYtsBhbwKn+O0itNN5nRzHO/NZWpZ1/tLHqvSmmNV"
    "n1UzIK3Za7U3ffGCMzzVxW52kqIybm528rTGiT+ssN7omaKlmie+2hrpC+zYb1BfqHYO+e"
    "qAXjf2vAbop/HN9d+l1meT+ZJQeRe7EYWvMPBECLVLY7XspOiUO3rSA51xIn4a+WoZnEzP"
    "r7r/NepsXGl2B5mYzlfiyeeXg6teB+l4aWHxPpzfdm/ER2MqhoivQikxX6PnBbMJ4kQ3LE"
    "M81X6gmBNxW1ylQufVxYOeF+JP8XEqfhmSPryiIZO/C9EeOyvJG5igvJ9NacLbasLiZ6Ur"
    "aT26Wib2x6hG7NHuT13zHUUn5dA+Eef0qPu5d+6/cw901P98270+R7ZY+G4ER1mN7scCCt"
    "2Pmfrcj3F1bvMmVGHFhnqPzJhyPHPKsuJq2P00PkeSVrDh8qfe1f1170pwQl+Q6cokU3G1"
    "d3vVv/187u8qD/Suez+CQRYGyfaBXglxTEzCqGDlZff2snct59ABHFPMUYWh9UfSelt1GS"
    "NIiKSFVpAfT4u8NKfZb81pwgoizkwhu6S8OP85Gtxm2D9CNHHtyNAd9H/INOydOWNO/jFb"
    "UR1wRJOVYToGtd/A8/5Z8k2qQ7IGjCKakg/1q5vub3EuXF4PLuIiOExwEWMJyC5JdozF1a"
    "wYjK97Xu8nB4B63PttnA91oJheD24/+8Pj+MfjLaYG1rY5w6MzVGLBfqwDJ3c/DcYDcQIs"
    "mMPgALi8v+ndwknC9JW/ZR74DJdgltntA4IGA19xq/9QyOL9Icfk/SFp8/aVhATE+SaxEJ"
    "myhjXZGuZ7JibrJIvz4seidJUCKxrG1cOEjymfUjZD2utTkjabSlyPUqq9tcl768yghr2o"
    "xOYYqeJzk/nsWrTKhSZGaGo5Po/eaFopoXOycpytUxQD18aFnO0Iz8qCSXi+T6EmuIb+hG"
    "1CLC8fb2O73iojbxRMc0zveFHnZmRr23VSXvzVzXNcbt7uAu5LLbSzFPFi3g+vkUuCVoI9"
    "HGEUzPV3cBXaNrHRnAXZdhDR+kwmENX6nY04mRri/XTAuWfoC6SzlfeexnyYO3nOAxWjlt"
    "lpfZOw71ccn4b83fFsPuVH3KcfMWBDAtrREptmJr5hujYlRLw7++FjgDF8yIN3dNO9vk5q"
    "4+mG9Gxr4v4N6Uccn7ziKSdnNrbe8BZC+/b0rAi4MCzb9SlvxmxJGcVNso14AcH+NoLTRm"
    "+3IcUiEARKnV5xsjbtsLtKOYtIF1sGDkai1I4M5qICdnyNNTKEcKMb5onkEQ2yiFQe1WFf"
    "FsyFUiaj/BCbhSVlhOlUSMDi+oTo4rvBbQj186KVzqXUPF1x+AIQYedAvUIxWqBsI5wQy3"
    "fylAe6mUiI9aslFFV0pMSvc2wvZD1FtnKCSEBM14zKwopBpKPzbOikoFzvBWmkFOmIL7hN"
    "7BMVApCGHYcsLUfV7Di0WymneKPH21IsCBG16Rjbs4fvCMMMLXdDOSnHh5M7P4jQ8oMIk2"
    "GFIxlBIj46D/RTty9jCGfYkEGIF9eDy5/hwsRk+mO1kMKa40u8rS2FfflKdpiuNbJ1HRp2"
    "/MBI4JrvF0shb6Hnu03OMd3EgglTbUUdI0X/fyHGIU6sHKGN53UZG09A0L5ovHdFgvHeZc"
    "fivUuE4h2w1FfTkD6IIEc4Zym5jdmrOyBo3+o+Oy2SVyBGZa5veS8Ra1pFJgiRqeOhyceD"
    "Mqnuzlx9sKz243lfqie1KwP1LgzU8eVbA7gFywY0c81Wrhogno9u76+vD2Xzv/TS2U9SLP"
    "3BvU6efd9PiC9eMwDzR3Gi07nbN+iV82ZJ/vaPCXP++R8yQvrfde0fkKn/z9fSBg8mcUDP"
    "RoYD5vnVfJFadK6uaVX1uWbFysj/S0ju/nhVdS4mtSejOlRbqJ0ls6vcoGzo25UbVCn0vY"
    "5eRv7x3OpWRkuynIhDuh6kbuRkbYJqH6JhZsuUxAJ8WUjcsmFKUH1p63YpJWaqo1mKCq1o"
    "ZGiFaodycOY0wkeiGABXVDsU1Q6lGQxomYoQ4bovCZUyFsWo2rTJ7SoyXQ9ZL7c0TYcNoU"
    "cGclH7dGyBNSksPaa95SgiG/2ugCYS0ixLdEiZGdx2AuUBvXI/O2ylL153kE0chB1pW3Zv"
    "JLo0rlF4Xab3TanvGQ8UdJu/y7qdEIplueVnZaC6R8bJ3LAdwok0iWfmkSoT+AFN4AH7Sk"
    "pmETolminRTIlmSjT7piJcmnVO7CTARcm5B5VzVcP3RjZ8v3RbMnR177ckdYbIgHyVwR2q"
    "YTm2sMbgtZj43iOXXSLmXpZo0KmCkxnUaEevQJ6fMAeZ4uWXiaZ4ujQo4sZ84dgdkM1TFI"
    "a6H/FA/ZkMqENDibyKLgRR966PnrGNpuyZCi2EE/E1xKSTtRwBTJsL/YNO0f+wCZI5HxBY"
    "M2dEFqhxVRPGYV7KxDcQX5OL+ahY4RXaX2yXuqr0ke0bQiZRze0FmYJrG6qB1B+Sc1wdRs"
    "oDLVbXL/1x7xwZ9EmoXw902LsZ/CI+i52MPSX2uCJMUK1Fasv5DTcKuRoO7u4go3fKmWU1"
    "PKO3Ycm8bxu9scc6J5bOjYpStaARRSw/6sOHIvlRHz5k50fBPZU7/U0nTCkTYvbr1l4Toi"
    "ob/m283c0xaDaXqaoRbZOsaftz17Pl0rDtLLPb5m4n1+YWjCtsb+NkJoRS6UG3F9B3lc0Q"
    "1FSzsUnQK7A9OVBD+YlwceV1R2ig0nQFtwWJvhK0VF+nBQ/XOHNqMDEM9DgpdXhVnPmg3v"
    "YNN4pqRCGSJhtfqmZHnRXR48Wo7Pyos4Qu33pD16h73TuXewAYuT7d316dS1M8bYIlxd+T"
    "yizyME2Tka+4yt8VqfmTXfInYUaELQEvoUR/EuS8cPYYYZviCfYcz14FfQV8HcA/YUMiUk"
    "ENjtO20P7RJkU46CFexdAVo1Umj0ZzWhk0v0GDJp7NDNMQrCgXFBkna9NhWl+bitW6tBUx"
    "TKPMiDFALbxmq5IV6iI0LSqwuau0quDNrsFA2w3PdZwr9kUrbXwnfLmemnzFlfn7xUJ1oZ"
    "3wZVDd17wGVO+CiY5rWygKa2Q/LF2qLhRaQqZzwR9CIU50y/ot13Kunphq3R7gd1q7RWBl"
    "OCZZCvh7TxmNfBJjOnkOGbIZrZGn4k18xguCFobtML4+R+AiWaM5x9SBEOInpkvOdxD5ah"
    "niDhTm40RnS2sl2OtdTXpkapqzSMxxyMkGYayqR04zC7moiOSdRSTjIEOiKLobihYCXH9v"
    "ALkjEbuCYSVKqcxnTTafmcYs4ELslMhL4Q6T7TGDO7hytCncU+Jgw8yI40/HOkSigpqLBD"
    "Urk3A2+u01CUtRu5yRLUyibGxNzo9v7omvwkkPHE6a2ANqwDRkg/jsT3lcW0FReMNbYKM6"
    "QCRYkG8qCthUzFQkf3ZBU9GvsgszxNWyFdcJmuMnIj/LirwzxuUHobu/QUGtLKzrxLaRwx"
    "CGO5BfDqG3+kKwAsJ0xQeDJwxIO3vSAwXlV0zm/u4OIlhfIFlpCzpTPC8Id5s8w/wTIp5E"
    "EKFTG72yCUEhmEeEPxk6eV3VUNUJUlFVbrzKjW+HJcp9WdPRLZCZHVA3GeyTwfCqNzxHjE"
    "+J2E26Vzf923O3UMcDHQ/73Wt4XQxsPtC74eBmcI4szpYsvsMVCuuuvemFC7HGyazMKxCl"
    "ajJzmhQ/P11x6efQpnhdJiE+Qaf0saQ+Jk/vSoaNKGULDRtHYsgoZJOVclkVw3uEUDG50U"
    "xW7pVvgctHWLXH1RRLmv9PupfjPtRLcqkfaO+3u/4QyvS4q3UKyWa/DH7uyWyzJ/ZYrXBP"
    "/bKh0HIrHahhOvUKNvkVpCwtKDSnUaM3XvnaivjalItAuQgObcPeouJE6CAIggerB4SmhS"
    "4e5cZ/sKjQIVnCL09tp5E2rFPU4M89ihJlO1wCpJtYnOHTwPxuEW6wKZjWPdP7K79nc0ca"
    "4CGw04vxNBzXio6d1+cZpXJ38ZgH6i4ntGEjuAWewbuwxI/EdkvgIrYCb4Mufj7cgoBVwR"
    "noPgJPhXq5fEUptKIWWJHsMiH+JuXbjOUX1wjdFA6Bn43XtuZ6FlQdEeUJaIL9s35PQHTp"
    "l1EnopTKdNNojaL1NWIuep8GQ6HMu/t1UplvhuoePlKKHxMxqv1lAJ82+rwImaxAXKpge9"
    "6QKXtIk3cvIfXpLC3gO1sGCJHs0SriScT7MY7Unz+hopCzoW9vFLKyhyl72BHbw3Zp5gmn"
    "S6eYd2LZ1NlmnWQK98v2nAElCBp5gC0IrBtLRslaVkQFW4tfQvBcVkw1DUpsZK+WEFT5/w"
    "hnb1DXgl4U3zOxZf0dfREq8RfXkJIw6OzoOQ8UUoU5dMPwSrguQ89xng2dIIwo+55Zu+iU"
    "qhKG4V7bE4YPC79qYLSdzn7X/a+b3u34HFl4DbtCvLrrA70c3Nz0R6P+4PYcbepYh69rw9"
    "4vveEIgjk3AzS/gvQDFc8Y3LuPECrBA/3U64lvT6ArT390dw/9k6aGDQUNgivar/A476r2"
    "zBL9pQt5Lossh7Ps5XCWWA6q0OyuC80q9aeKaNwkdaeQNSG0T5RrTxynU/G+SVOcjLYvh2"
    "uYREGahNQ7HUsX4wsRKVhTYVUlDndc4lC+2jVYPwb+PMeFblHrR3gHjJg/huKwG/Yvx4kK"
    "fEtSS9Lw3WamdiIb3QYLYKtHuupsCW+0RU87EU5IRcUWsCohWXD5ZpSQ3ABbJFJQ2u1SjG"
    "SlK0dei4mOV33Zb4xgCLFM27GP54um44CDxQzHtjGVvbUwRWB0Xp8jjKZkYjjolVCnDEh4"
    "eA1N5DESqusULlMyx/KyNP0uDSruCvY5drJo5C4eUCQxH+u631IkMGyoMpLNtAqHeFXFfh"
    "kib7Ld6mTcu+59HnZvtIvudff2sidYLbboOcdLbYJN+GkPFDbqu95mBPDPIpv7nhlU+9Tr"
    "jQJbqDYj4EMB6+btvWzq/kToikRMn73f7nq3o17E8km+WoTaYlz306f+db877mli/u4FdN"
    "DaFNAWDwGg4Nn9K80zkBpiv3MPU2XsbMSptVNjp2rpdKCWTvK4TDU75EEfplLglwI/xz5B"
    "fNf9lnpIubLqTWNFUW0kvAZLKyO7lLRd81CKkB3YjbLla2l7KSFZWyuuL7AddK61xCmOJu"
    "ug5lUHYUcGPFgcQhzcclbozxVzCOSwPGMbLbGQnWecLdNF69qfULLolap2dZAcl6Py9ov3"
    "Xywoz5dZqijTbU8DJ9458mcQAvL9xehSyMhj6ee3V5OAAgTg296v4N0Xoh15xmYV8bT+OH"
    "4lnirxtEUS0pGX//CiL8puRZfDnlCPr86RRy905l+7/XH/9rMWRCbhZ2xAvUktCFECjdnV"
    "lh/op/troWRfwxyzlSmUaxNmSdYRuQTF3x0XdOr0g516QbhTU5KUmEWoVjKqL0xTifNxA3"
    "2rI/sc9khK9QEJCNp4cNSfxrIg+iP4TUqWT4zTtW0hq84FKmiuatCcNA+X53GITKVYNpm/"
    "usnsam9xmFDxuMk8BkNSyXi3DUWbVKraYgil0a1k7mSYZovkyeN5T0q0nQ7bfsqt1BRKFZ"
    "+p2uPsYL2qXN8d5fpmxAqKI6gGTO+8aVqKaeigLoCpPIJqAPVf/jzHpBMXhTR8ThfANHwA"
    "1QDtyMF8FJvyuI6uojinnNzbRLqqZukvhLxGDJEcUwjWFIO2g0o62sfBbC3aadMyL7YEq3"
    "VZFzsNo44vrawwj+jqeyHgQ4ut/JdjP3rQfgzqV3hRz3KaDno2nAU0I6OyuunzYo1efdGx"
    "EHG+QP1SjHTxBTqIvJm/QQZ9YoZONCg71om7euqe/4F6a7XjRoZonjOqgzgRwoLu/gVuJ0"
    "22RAo++fGrxfulhbOXsKMishsakQ3hQNp23t3YFLX4R3YUmK2cu+nOXYdtuQYiEzTZHamW"
    "QFbwEhwfpfyiPkGT2d0Y77Nq3rFLd3N5B5VyLx+Ba+oQZUOaxs+W1WJoGrxbF2M4cC1K32"
    "qQov+GDArZem/YdvGyunsDVSCRA/03MOfGk6svQkFHMpUdOKDbBxp7yiL07uZzAooqqImQ"
    "+CuONchGWGJHXwgSnKiitoNHPFDJvHO3hiUoyFS2CJlyZllkuos6k9+K8rqzvAeXralbf1"
    "6kXoiodaUkd9Ll2OLsyYCdrRLg6dStE1l3gnyQEZ7pfM8zgqVRt0nc2XN6g8rcUZk7LV3a"
    "vv1fCHomw6W29xTSFi70nezuhq0JoVXsEPA9koueMZNgmoF6jDQG+UTQ7grz4Mp+7RIXg8"
    "F1xCRx0Y8t69v7m4ueYIJkgRhkOFmr3RZP4LazDfopEygelOBBJHSjenf4nGlUQHmTrXYR"
    "xpVMtkqjbbBDsUk28Nx2WC978A7TGkvssgRsPCUVuZNh77LX/8X1orkzPNDu3d11Hy5hyz"
    "KNja9Nu3JLZclAhilUy2qqD07o0wLMZUkV3Cdpnd5dvxfOXywVjqMYqfIcNfoM8t/rSoyO"
    "kCpZo/l81koHL8Tp1N5ZYO/034sKppwU4tY0rN2zQcdvQZQXsJXOhCRl65Z9/TKZt1PAf9"
    "VSoVMnUKdKs08VIetZjraygB+lnTOp5C3KO93zhufDWbGfdwq5evua/PapZlFtC/pqGLpb"
    "x3yp5MPjSRTzmsGkx8d5le1zw+PEmGLRcdk4qOiyhkWXqXAPFe7RTmH5CAu1ciIG2xVKtQ"
    "57/7oXJ7Hrx/HmCKdqNcOpE3y1SrpLlLaFXgfxG/F0QM31SZBZfwyajHccquqI37CiysmM"
    "gExQ1vOwIWqd/XUnkQ3eLljBDhem25FdoK0lA0KyXNAgrJQyEidrk1C3K8NMgFkNxplueK"
    "4jg7mohSa+xspm5qV1+N3SQtPG7r6R7UCZsw5qzoKKhWnGLK+SYY4pS4womObZRc94jRyG"
    "Jqs1wsjibLrSnXO0YM/IZHQO+ZUmth3bKz+EZcalzuCKQRGBokW+vSTZzar22ZV5rWHmNb"
    "H4SpnWvPGtS9ncQY8QwzFLYRsQtNBmuZPMnemKy0NLm+J1yumWuTkk6JQfMtU6yW0tvyhq"
    "bnpO+gQqPadMeo7baFq2iSyZ751C2r7kjJ3sKkLcMp5SNu7cxb4h2uMC90/L413fjDtaRo"
    "RDdqOACFFrQlNr27hVP6dsqNvrwHADGKtwPUqpuN4Urqf4NZLlrF2FvGRPoAiRsvW+bOv1"
    "EKvB0nu3menIIC5q542uri1i8TZ93asbLdtW6i728gvZfttK9iamdzBPW0GStdO3BKlol5"
    "SjBAjU9IiWviVYFfqeHA1uu/YWuG9ihssgeE3z/QbaZlso4j0Aku9sJInAZM8oCSz2Hbiw"
    "NCjjSLDGsTvSyu8sCJqZTFycGrYOcYA2sh1mIeykORDqf0CKD+H3oMtUEPv5h/IrqLDdJh"
    "mrVNhuO2Js5NZUKbM6Ttka29WeOaDa4O5a31UtG7do2XjoMuOeiSFNjNxYH3KESHdQQQly"
    "xJZCChNwQpSITUzzHCJA5hyD1Eao9GlD1XL0SNZCjFvpC4Rt9MXiZGmsll+gCviXJ8OCss"
    "SUEvNLUoTcyRNUHErD5EUVh6LiUI7VYxz+Zgmcx+RrVhgKyYuMOMYEgzzPSu+3ccSp4iP6"
    "6qb72+uIY+V6cPvZHx7iwOX14CIGfGj3T7Fa/edocJuOfJwu7vQydAf9HzINe2ey4ck/Zi"
    "uqA75osjJMx6D2G3jePw/AGsApnzVxLnSijiyYIM4a8W2wWTYwK0qkorKSqg8lz1D6k2u+"
    "aUybWCUAziJvjSZaG9AqCkhFAR3z+lVRQNlQH2c8iIoC+ha5nhUFlLDeFQmpCPKKtgsYOE"
    "LuF3KFS/FzS3zGMMe9fYxvyGHc3pwt2SVYc9Ltld7NzgsWyyXTwCSkqj8ps2ArzYL114h+"
    "FD8rHdqXaw/5tE02EJ7c9YaXskW8RbguO8N/6v8mO8EbX0mlgkNFTIfZhsNkQ0f3e5XT4K"
    "NEykSSorlL/3ope2CIpBmmQHhsa0yBT9g0hEgqDumySkmUUlVYao4OklQ9XV6J18gwq7E5"
    "IFV8bjKf4URc2Wkh1ZlnVphEnVjJE8vHRxOHu+wSXAHbCK0COSVoLBTWUlQuCNM0QzBolY"
    "8wwxyVww+fQDGjdma4rVStFdcX2CYaA0tpgjW53q+MGVTFhxK+MOV23BvUykOWffYep68k"
    "y0NWyVciHkn4E64hI05asYeb6Y5wQTQu1bJhwurhXCfhdZXlQYmtvZccKfGV/3IQ+IASJH"
    "QPxGZukcAlQ2CJ76CF+CFoAqUD5eJAUseXCX7uZ69XOMRoG7YsBJ+M/6578pd9PL97QLhe"
    "mlA/8z+U92ef3p/qDelr70Hf0A256SdyIYsSJ1NClhWbLkRIleWwyXxWAve3InDH7G7BUV"
    "rUxxkiUemaKaor2HlTIb2/719lxPfZWV0XVyshGAHhEQKbg5obEeEu/PCSlr/0r6TiUhLP"
    "ME2dgB5UoKsOZ14yMbzNSWirlM7aBIMd5zotUjwr2PnSc4rj20ANwN7braqRFcc0tPNtn6"
    "Yd2zSS6AttdczEPwWxr1xaqgn7xIvQhzfJAthvZQ1xkUwxgQQQZ9s9NparQiWTZCkjNoPm"
    "UFNISmeuhYKjGePyA/ipkrWOZJiDZ6X4stFQU1Led/CMB3qH1zLhEekLzOdgHhG/01yjLw"
    "5zsOmVJfkizSxiVovQjpjHnWLqWlQKm09Cr5zXprCc5ST72D3EgRty/cknwT/vD+H3e1Gk"
    "UfWYDlePaQI+zypVgWKEbVJ49lwXKLyRleNBnFIxoTITTIOmOYGygzoCAhXUETHp1BHUcY"
    "QthkHyKAn/yeCud3suZZZtewrXHOKvPBhVXoUmmTgLWbZV9+B281d5LrK3zxZ7LlSZyfpj"
    "sPfuC2rYtqhcQfs/b6r7LpSFvRYLe3xXrcMb1K46FHFIs2rLblqoJPbVPbvYGravbu1ha2"
    "5zmiNBulysa2qgdTaevlttJ9HWxwRwCY/YkMwI59g8SXGKBfc6eX4x7o0q6Br7dcHQhLPV"
    "fOEgLL1V58gmDmJi0+kg7EBsrsGRzBNCf4PGMw565X5y2EpfvE56wuqZUpV1aVZgr9Kns6"
    "Fvrz6NZzPDNHBGqFV205IYmdKsG60GNiEwpV4lMFiANUjY3fBcR7Zmi4rY8Re2zqirdIW8"
    "ZNBVVXW8CUu75nC3rUKuRmLpp4uX3p1c4dKWYwpHXYkBU2gC4pIhKAokc728z4TODUreIN"
    "klz0aYEzQlurEU03WgexwEMWEbOeSrg2wmKIXsSFlC3tzRcx7o1JgbDuShmWLvQc/iMnki"
    "XM5sAEdXEJsl++SJ2WzxqwsHW4Wr56gEtT0nqDmEi1WRevJmB1bFyFpXrHAnTTY2b0kZqK"
    "NUbYxiq70wpG2Uq7npj28huEV68WS34kl04hGrkK81U6hHZTaLMFEbMT4tAvJpNsqn6TAv"
    "jPmiPM4+lQK6ANDQlFesTDsjwCxjuwgTKZgLwOzgR6JZnM2MctXL4nT7j688jKa/m35Gxp"
    "LMOF6W7KQWImrhWn/7sYicFzc5hsS8j/G13qgqok0D/0hswYVC6hwjzZBTLC7Zp23yG3Xy"
    "adjriak4IQ/0bti76d/fnCOvKWnc7HCAyGSamr2YvZX541vQpTCK64fTIge2GJWJrbwXL6"
    "ZI54Rb3CinrcbImry+K6Jdf3tT5UvMhr5dvsSEi6ZIoA62hAT8hLdt6+MatLveZEe4FuqO"
    "2plwhqc6ttMS7UrH7FyEJ/s2g3ViCyzTpxJegi/5VrTI4i/iZAHn0Xc2mrPv8ULsHTLZ3I"
    "2wEdjqK5kp5xC+NMAV4jAkpkPiEva8I2mZ7HVMmeIG+d37jfI2+PP+yMtCD2315VwkeUmj"
    "LfOS7CVPVMUEqXM86myYZ/nPslu/hmlUNFCjo4GacTrXGw+0OXi2DAbaREkcJ6wvxqJE3l"
    "RVz6qB9axqDAZyMB+tJuGfnhRh42PyhVgxWrNDwwuLsWEi9MpwoAY05GsgiwlcQco0nNfn"
    "6HnBOuIfQ1/IakodNxpn6gXtiK9ui3HuaDtFst3BUx4oCOyGmAW9GgvOzjleIkDN7kAZ65"
    "F4ukWkCI2RLlj2uoMwnYrZCScwC7waU1vFvDcwVsitulUyUihCpOKEisQJ+S9QVedCmH6P"
    "xm7Y7OySFu8TIXwPR+dI0j5QyF+768FH2CWq+Bjq9+cdXwGaCq6e7uW4/4sA3u3D80Avu7"
    "eXvetr6DWrw+8yTTJ9oL3bK7hCxLMrlaapnzkW4QabaiStEfALlUsilC1UuY9ExS7kalWW"
    "lW+Dzf5WU4XRMVpVjqjJnFaFaZTBbP+viaqichi7TkbJD1VGpZYyKqrYR/Ma27lmrsuV7b"
    "CltFylGBIjIzr5ZkQYq+ne4IJGxPGCyNLqnsnNf5Tbhc6tQ+FJx/EqFGCXQ/qC6I9s5XQQ"
    "J2K0GDRzCE/6x3f3mJrtfzkpVu00Tp19+FBA3xajMhVueU85vZXA3iDxsgkp7HUIl6p6wK"
    "GE0LqP+d4Tkd8m44x3bxc54AmMLOwi9A7cZzJZMPaIJHGQwA/VpVyPnjGFnH138Hf2azQh"
    "M+a62sRlgYJ4400yFT9P0KZVE9jFYx6oV1VAyA1+QQHwAsoLAibTgJYxz9BAZsGeZZkBJs"
    "QC6n8Zm9Ap+BwLVxjYmOE50Ynx5AXSdVD4FiVfHXHZIUvLKR9np8SLXYgXEq4SWPvjm+xt"
    "aZKv0RTvwpKlpctfMGYSTNNhDpPFoJ4Iul1hHVzZ79F+MRhcRwS1i34sOPT2/uaiJ8CX0I"
    "tBhnvmJM10ntBbUVZWgnLjBWULr02GUxicneUcIlEJzt9WqxhLCDIAYTkOnNz1bq/6t5/P"
    "kUcP+ZmDy95oBO55izOd2DY47D91+9KHP8OGdOD3P98OhnDBmFOQ3+Li3mGc+J7IlcK57I"
    "qKIZL9uYNOd3XO1+wLMrHtaIRzlhFClHGmR6halyVbo7garvy80SZKHukxUnWsN/tY9zfV"
    "Kk2SYrQqNKHJnI5bAUoyO4Vc8btp/N7KGFuf+dCPj79kSzEmamLKGNLJMyM63mCxHOXowq"
    "bECXOQRwOlP/F0aVAbud8bGc454mzliAXRQViHrQzxlQmlQ+lUpgIsCV3JeqFp2bO1zq1S"
    "AhqWErBZloUTAjYkrTOJ1l/KUhdAzBkv1/U6RNNGO2jtCmj4a5XAOUbWQqjPPhTBWozK0Z"
    "kSaIunUdsNNipXDDBG14xmy/DY1jRb5uTPlduzd+WklB7NdQkkaPfoF/B3/KN1CwTghcqr"
    "VcE+RK7cMiXwXwiJxCRc001crhZsgrCFp0D9Fc8IhR+eVqwmb5WHqNTeUnxt24w7GuOpCa"
    "XZFUoiRMrEnuHHVWGPKVC3q9ZPw2xFv7pxWCc5tiJ/SKeQrcgL7CpoKxpQgjh7RhbhaGXB"
    "KnWrQFgYDNxumxkilrjjBnafyyt4NYX6EGKJmIFdB7xNQlgX07FZwmq0k6c8UGNKlhZzCN"
    "XX6NUXd2LNmH6BGDT37SnabPH3DX6qRtsx1WgLmF6OCRGyWpq4fzO8CCn+Ka9McRakUdfC"
    "iUMflwfhhS6209IsCBEp5KsivyS2jTPK6OSBH6VT+FfF39vKywYWx8haqObvwHmxf+/Qy0"
    "v8cN6h+u0o4Bctg64/fkfQHnDxfnhbZPWKUdk9EN4m+8hlBJSKPXqLeNIdWk/elsP6ZNi7"
    "7PV/gYDQ0yCEVMaVvn2go/tL+HiOzh5obzgcDMUO8UDHPw0H47EMKn0fiif9EFfhcnf8d2"
    "c/fAz2ePiQt6uPbrrX18ltXAYqat6hWOYdSBC272XYSaijb+nmxLbEw8VRaCyJtiwTtZs3"
    "RYsEmtqMjEcTGF1y31FW2wbKgu2y2ka4bmLBk0pcj1Aqrh8T1w9WsaBhh1IL6mE1E9HKlQ"
    "jE89Ht/fX1oeqcj7mBTQH9SZoPyb/XyXUewSgwxBaOMJYU4GeZG0+EunUDpHdHYCS9NRZn"
    "05WeGkFcija10Y6/XL2BiU47Kmh4n0HDEK1E7PLm5yhdixSGfdv+lRT8DcpD3t5XsupqhE"
    "gVXlWFV1staDYU0u0b6qRsBDWgereZqaXARve/JjUrkis6RYD3V3q28A6LpaDcPmJLAiW5"
    "nhcMam456G/QqMN5g4LOPsbURpgT9PH99xMjRXqvNEPNWX7ZG/EhqhOGkkjkk+Cf94fIIH"
    "lhU86T4INYnMpBPHUKFE1QlvYdxCDeYfl3Av2cCIYQTft8XvVHL8gixVpZlKNU7cO5/iAG"
    "E9P5CiKb9NQ6dHkFa2KE7UN7J+2suKNlVinLRjtB2D6061/bLmhVQ/7SqJXZS5m9lNmruN"
    "lLVjWzCaEV+B6nVZw/Js5PTKY/Vnrfo5SqfFPTyjdFTli3QTdljjEz9KyqErl5xVlTqCTj"
    "/CTjEpmRoZg2y9AeyXrLXkRdy/iZrI9wv80yPMbq0UB9bW6QLVG64EJU18UhNiS6YRnkGG"
    "XFQoDpC0wpMTWsZ73/JVC7dCfr6v6wNi4xTmaEc3HG2djcdplBbTrDtluMlnhzDMckS/F/"
    "qElHdcR6m/mC7iBtxG3OcZ1YfYbp2ooVVO6h23fpC8E19GZsK2L7bGp4lABZnC0ZZFsQ/p"
    "QpGZcA6w7mG26maytuf66Ys+2h+C+Yo60AYUssrSdsbonRSCpeXW+ytoIFVlzNXk2CJ2yL"
    "mphvFJqurbi5GddbgpVSE6eF+o+MkN4WqVDkd1uWU6kAnND2NpsZpoGdtK5YHq3fcbGAqS"
    "I8WQvXno6XFhYbeR1YXXpz3ZDlpE2ZISmqt3vebQvYMDRXC6Gyo42v60BslOi73RLcSsYP"
    "dgk3dHB6JyIIvTudvBhCvBnzUhBh9i9TxfyblZfzJLTpkiXQQyQtrIizkzoK8FKVQNgb3k"
    "J0356eFgluOj3Njm6Ce/GSQ9TxDKpRhLPryodIVPvFksXjS7gA6w+G/+v/A/aY0TU="
)
