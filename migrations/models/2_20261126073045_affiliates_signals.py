from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "signals" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "external_id" VARCHAR(128) NOT NULL UNIQUE,
    "instrument" VARCHAR(32) NOT NULL,
    "side" VARCHAR(4) NOT NULL,
    "entry_low" VARCHAR(40) NOT NULL,
    "entry_high" VARCHAR(40) NOT NULL,
    "stop_loss" VARCHAR(40) NOT NULL,
    "take_profits" JSONB NOT NULL,
    "timeframe" VARCHAR(16) NOT NULL,
    "valid_until" TIMESTAMPTZ NOT NULL,
    "tier" VARCHAR(8) NOT NULL,
    "note" VARCHAR(500) NOT NULL,
    "fingerprint" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_signals_valid_u_66e9d3" ON "signals" ("valid_until");
COMMENT ON COLUMN "signals"."tier" IS 'FREE: free\nPREMIUM: premium';
COMMENT ON TABLE "signals" IS 'A trading signal from the signal engine. Prices are decimals, stored as text so that no';
        CREATE TABLE IF NOT EXISTS "affiliates" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "code" VARCHAR(16) NOT NULL UNIQUE,
    "joined_at" TIMESTAMPTZ NOT NULL,
    "user_id" UUID NOT NULL UNIQUE REFERENCES "users" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "affiliates" IS 'A user in the affiliate program, with the code their referral link carries.';
        CREATE TABLE IF NOT EXISTS "affiliate_clicks" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "telegram_user_id" BIGINT NOT NULL,
    "message_id" BIGINT NOT NULL,
    "new_user" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "affiliate_id" INT NOT NULL REFERENCES "affiliates" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_affiliate_c_telegra_cd3194" UNIQUE ("telegram_user_id", "message_id")
);
CREATE INDEX IF NOT EXISTS "idx_affiliate_c_affilia_483a5e" ON "affiliate_clicks" ("affiliate_id", "created_at");
COMMENT ON TABLE "affiliate_clicks" IS 'A /start through an affiliate''s link, by a new user or not.';
        CREATE TABLE IF NOT EXISTS "api_keys" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "key_hash" VARCHAR(64) NOT NULL UNIQUE,
    "prefix" VARCHAR(12) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "revoked_at" TIMESTAMPTZ,
    "last_used_at" TIMESTAMPTZ,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "api_keys" IS 'A user''s key for the approvals API: only its SHA-256 is kept.';
        CREATE TABLE IF NOT EXISTS "payouts" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "currency" VARCHAR(3) NOT NULL,
    "amount" BIGINT NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "requested_at" TIMESTAMPTZ NOT NULL,
    "paid_at" TIMESTAMPTZ,
    "reference" VARCHAR(255) NOT NULL,
    "affiliate_id" INT NOT NULL REFERENCES "affiliates" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "payouts"."status" IS 'REQUESTED: requested\nPAID: paid';
        CREATE TABLE IF NOT EXISTS "commissions" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "sale_id" VARCHAR(128) NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "sale_amount" BIGINT NOT NULL,
    "amount" BIGINT NOT NULL,
    "available_at" TIMESTAMPTZ NOT NULL,
    "cancelled_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "affiliate_id" INT NOT NULL REFERENCES "affiliates" ("id") ON DELETE CASCADE,
    "buyer_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    "payout_id" INT REFERENCES "payouts" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_commissions_sale_id_d105cc" UNIQUE ("sale_id", "kind")
);
COMMENT ON COLUMN "commissions"."kind" IS 'SALE: sale\nREFUND: refund';
COMMENT ON TABLE "commissions" IS 'A referrer''s share of one sale (or its reversal), in the sale''s currency.';
        CREATE TABLE IF NOT EXISTS "referrals" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "affiliate_id" INT NOT NULL REFERENCES "affiliates" ("id") ON DELETE CASCADE,
    "user_id" UUID NOT NULL UNIQUE REFERENCES "users" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "referrals" IS 'Who brought a user: set once, at their first /start (first touch).';
        CREATE TABLE IF NOT EXISTS "signal_approvals" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "signal_id" INT NOT NULL REFERENCES "signals" ("id") ON DELETE CASCADE,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_signal_appr_signal__2b7fd1" UNIQUE ("signal_id", "user_id")
);
CREATE INDEX IF NOT EXISTS "idx_signal_appr_user_id_e682e2" ON "signal_approvals" ("user_id", "created_at");
COMMENT ON TABLE "signal_approvals" IS 'A user''s go-ahead for their execution terminal to act on a signal.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "signal_approvals";
        DROP TABLE IF EXISTS "signals";
        DROP TABLE IF EXISTS "api_keys";
        DROP TABLE IF EXISTS "commissions";
        DROP TABLE IF EXISTS "payouts";
        DROP TABLE IF EXISTS "referrals";
        DROP TABLE IF EXISTS "affiliate_clicks";
        DROP TABLE IF EXISTS "affiliates";"""


MODELS_STATE = (
    "eJztXW1v27iy/iuEv2wLeHuapEl7jYMDuKnb9d00yTrO7uI0C5WWaZsnMqmlpKTGuf3vl6"
    "Qk692WZNmWVH4pGolDyc9QJOeZ4cx/O0s6RYb1qj+bYQNDG3V64L8dApfiP8mbXdCBphnc"
    "EhdsODFka+g3k5fhxLIZ1G1+ZwYNC/FLU2TpDJs2pkS07wPHQgxgAuwFAmtpYDI6Z3DZBc"
    "/YXsh7On+Y+A9mgKEZYgwawMDkEeiQMYysV+KBU6rzJ2Iy30PfDsF/O0iz6Rzxpow/4ctf"
    "/DImU/SN/1zvT/NRm2FkTCMY4qnoQF7X7JUprw2J/VE2FK890XRqOEsSNDZX9oKSdWtMbH"
    "F1jghi/DeI7m3mCECJYxge+j7G7psGTdxXDMlM0Qw6hlCLkHZfILjW0bTrm7F2NxhrWieh"
    "Ml8ihLR3SadEqJu/qiV//Vy8ws+nJ2/evnl3dvHmHW8iX3N95e1399EBMK6ghOd63Pku70"
    "Mbui0kxgGoQmlJWC8XkKXj6rePIctfOY6sj2N9oV3Cb5qByNxe8D9PLjbg+Ht/dPlLf/Ti"
    "5OKleCDln6P7pV57d07lLQF1AO1/KCZoqkE7ie8HjpGNlygd44hgDOipJ/nK/08Z2P0LAe"
    "7BxHII4BmC0xtirDyFbwB+PPw8uBv3P9+Kxy0t629DwtcfD8SdU3l1Fbv6Iq6kdSfgj+H4"
    "FyD+BP++uR5IeKllz5l8YtBu/O+OeCfo2FQj9FmD09DY9K/6qEV0LuZKLW2iur8ffkjXdk"
    "gkpmvHwdNXQrBxn9YGjcrv6MxVURh8+Tu/fxez/+wxNFWJCxOoPz5DNtUid0KTmIH1RysJ"
    "+ntP7uOvI2RA+SOSKMeX5kvRWQO/qu/+wPKvBl9XeLpfLrFl8a53hOty3VFboTLhijr2jj"
    "Ddyk7aCpG/zdsRpJHXTZtgEtMWPaWp05WY8ZOI3RA0pvwfuUoMeX+Q6GlbLQ+0e6+TJq4L"
    "Cbj4ZQaf13v+8JrIfzn/vch296X9u8v+h0Hne2RViOIsbi1Pl/ErkMC5/L3izcR7pM/7m4"
    "y29cqQw3LTgjUpj/32D65uZnPriVFnvgCQBJbWT5a0orpgsgIQEPTsGmSUAULtNHttp75S"
    "7LMvHZsrQBh7WkgvS2RZHFHx118xC+5LCAa3sc53fLa7pf2rkH33Hs9/FBPvf05Pz87enr"
    "4+u3h3/ubt2/N3r9e2XvLWJqPv/fCTsPsiW+DthmCajvPrIk16u2YaMMEfUjmhmSf4uAqp"
    "ISqnFFBaAXxq1NKX6feUGgiSdPzDYjH0J1yugfBvQvLm5ipilr8fxnC9vv/8fjB6cSKNPd"
    "4I2xlwh9aHBOCbuZKopCJLmkSWxHcJOanduFibprmdeN4Ed5ICdRLnj5QhPCe/olVOyyPi"
    "xGgYzHkNkPgYy2GFJFirpFlSkcViYq6sTpql4t7ZbKGYWHtEq0KeJW42cBEw43aCdAKZJq"
    "NPXAD0b4c9QPnkBLBtgbtf+j+fnl8ALJqbqbbJjr0p71G9vEdcj9oCWosiHqSwTOu8SBdv"
    "cniRLt5kepHErejWyGRohr8VATiQqAbeY6+MUTfdaR433Wm2m+40DrDae/6Ie0+GnuhjKa"
    "1HJSvQuve6dVF6Q5TsY7JRywa0bGGQl9FzXFZpus6aro/jvb5KLep63+axKmw5lvVZ1QPS"
    "ir1WB7MXQ676FJsx6sjPthtjkQN5TEfXPSwNPovvVhGgM27eIWBBA4EX3PwTZh5fThHjV1"
    "52/RhDcZuL6A6XJfoqzYyssOdUh5do6GnykQ+6hIdLWZmHtDJD2shrA4VEWmkEvctlBb3b"
    "YAa9i9tBcqCnQjwgzjIxw0dtek+2zlh37vpXg56cAx7IaPDx/vpDT0wkjvvqRXWQRwPZ+C"
    "fQ9+ekIoM8LFNn5EuO8rMcCJ9lInwWR1hOCXBJHZJiCmxyqsYE2+RuOLBXtQz6CvgqgH+C"
    "WCJSwg6Oy7aQ52qTIayLBdowyhGaMVlFedRa04q4/gGJaxU0UbXhGWA7cVaFWcSwjKIR48"
    "5Lefyh2EiNyJQapjVbc1RoT61Y2nyhPYlpQdHf24ANz4TbQTXXJ6N2RDX3EauaTQt5YY3M"
    "hxFc+RuA6/urq2M5FgbExraBlojYgyckf0DCvZBo093kZEBBaw2J5jl9DeMFAgts2ZStek"
    "DQ/iswZ5DYXeEEoLo8f9YF6JuJ+R1IpvyyTpemw8eKdzXpZaioz+0ha1/CjqNHtFJHZGp6"
    "ROYRFaJnveYtZGarj3LjX7fngcyLbiDRQoDP8kS5nWVHuZ0lotzkjISsEmRBVFJRQnWmhA"
    "w8W2uhwLGlsNgBjy2trzT23NIU2RCnHX/PnrdCIoebuDqdg0xbp+fnOeYt3ipz4pL3VHyu"
    "ojnlVrsYcRQWUbxRcrJSIZIqRPLYZMbWEMnEHFABpiEO4pPfZbOmgrzwhqfAulJFrgo2U0"
    "VrNeWjiuTPzkkV/bGAthsrSh2mIzCHT0j+LTOhiEOJ4g9uu78C6+OKUNeRZQGbAiiPLmLL"
    "TXi54KoQoacy6WWCQNrbkx6IMH55Z+7v7gIE9QWQWV/4o8HzAjGZiFP2P0H8SQggMrXACw"
    "shEIL5DrEnrKOXZYkqsTu2oe1YBSmrH4Wv2ue5S8VE7YeJcj/WdHS3B8IG0nUGu3Mz+jAY"
    "9QBlU8Rnk/6Hz8PrHoDTJSYPZDwa9q/E54Kh8UBuRzefb3oi2++Sxme4XKHKladVdSHWGJ"
    "oV+QSiUnVWTp1iwqcOk34ObQpXKSxH5jyekFP2WNIek6t3KWIjKtlCYqMhREYuTlbuy8oQ"
    "7xFBpeRaK1m5V34ELXvGTtm94Vr6gMS/aykWpP87/cvx8PcB3xJK6Qcy+PN2OBp86LmBDW"
    "gqDlD9fvPrQJ6gkukQ6rE35FZuqQU1LKc+wTp/goSmBTpm7/v99srXlsfXplwEykVwbA57"
    "hywKoYVgHTwYC4MokJY+LXSxkRN/nuz0e6H6R2gpfjnrbGb71826eQl/5kkUSEXhCgDdgH"
    "wNn67pdxMxTKeCWveo9xeCOBdjsCsJeBHY6cV4Yttl0aH9sifo9QThv5/HPBB3OIFAjcIt"
    "8Cy8C0v4iCwhMaeAOsLboPOfL26JgFWumeVEpHefgf/QCWAO4YPXAhwrlJ36wp+kfM5Yvr"
    "iGSJAMQ/xsuLI017OgcmMoT0Ad+M89ZF6MDP0i5kRUUlE3tbYoWp/35P3g482IG/PufJ00"
    "5uthuoeXlPzLREzqcKdaX9d6vQhRVmK7VIJ7DsQUH1Ln2Yvv+nSaFvCdvQcIiRyQFfF2xI"
    "chR6o/P6GikLOhb28UsuLDFB/WYD5snzSPd+w6hdkJDmRnkzmh4ppb6ZtsRFU5iHqRESqJ"
    "4b6TGKoMekfKoNdA1z9DvLFlF95zd0aD3+75zsn17nt9PJDb/pBfMCGuCWGwfrVSNRyism"
    "pX3qRduRiDJZQeElOcRp05DZndHZGsKPysTzokpKI98kR7qFSCKklbTY3eXesvhmySaN2K"
    "8uEg0UIZjVwdDhsIcmvA1Ioj8np3IzvAW+QO7XiGK3FecuKIkvYmo1NHt3tgQZ+BQclcBE"
    "eISk6WDLGQQRP8ik7FFUzck5ObKo1U3LtiLGrGWPDBV4it8NqrwpVbwydktFYRbNcCLaSB"
    "1Om8ZswU0WNblmY5k+BtktuHTUm10jtQ6bUKpNcSL2EizWRYL1wAKilaalqp2yjf/6wSnB"
    "gqMNgDoQMOcH+1bO74pszW5CH8ArN3VEhFPMVBVZEa2VC3lxN2zGlJrUclldbrovUUqth7"
    "+5AnwDXICxaYiAgp9nI7e+khVgF3eRv01DCI8zKX0dEV4S1HfLiPhpfjfMSl3LruyFkKqu"
    "1W9NMiwCMTwN8OtXcF6TeHtopL3zup646oDGZ3Pdw207taMLzzkLxC5CcLSCHBrIozdT6x"
    "Kss7LzGhDHDViHx4gowV5+tmBuUXp9jSRQSMBSybmgDaaTxv9Q9IPV1netz3OupJnZ5TAW"
    "vH3jyogLUWBqzJqalUveO4ZGsohgNrQC5zxSyTQKJNI39vZom3mO5qk3jdNAzc3AZJMKhq"
    "dX7AswTTtpGBkbhhE+k2yrmDvKNLvgsT2ZFtCixkGD2ZNUHmTwahzBIiGQPfxjn6AkALfD"
    "VFQgdn+RXwXd7XJ2xq+gISgoyvyS3kXp6gwgVqtl9U4QIqXKCpjr3wmyVwHqNvWdECaJMD"
    "u4mhtZsI8MGf4wj37SP64nP/z5cR/vvq5vqT3zykgcurm/eJrITr2T+Fqvrfu5vrdOTjcn"
    "HfBNZt8H/AwNbe9oadf84cIgvtgYmDDRsT65V43r+OoBqB02bVxLXQjfobRAdx1cgs50Xj"
    "Z6JCKngmafoQ9CxSDDDNp8a0iVkA4Czx1liilQGtgjVUsEaTx68K1siGupluexWs8SNqPS"
    "tYI8He5fJ8+8c/dnN8N1D7uXzecvu5Iz5j0ce91cQv5Dhub1H/6FKwOel8pXezu4WxXFJN"
    "UEIq74miBVtJC1afd6312TlvB6PLwfW4J1JE64jYD+Tj8E+RemOGv5XLzZmHOswmDhO0of"
    "dexSz4qJCiSFIsd+lfL8QHhkTqQQWKx7aGCnyCBuZbUr5IFzVKopIqt0h9bJCk6enqin9G"
    "2Cin5rWo0nOd9SxWRMdKCw3OXLPCImrFSq5YPj4aX9y19NydW7GNyCqQU4LGQmEtefcFYZ"
    "l6bAxa5SPMoKM26MMXUMqoXBkzzCxbMx2mL6CFNCqY0oRqNnq/MnpQB/ML+MKU2/FgUCsP"
    "Wfba20xfSZaHrJSvhD8SsSfJ9u/qMhH09CjoroEDonZHBmu2WT2e6yQ8rrI8KLGxt82REh"
    "/524PAb4gsuSer8AHZCRBMfBcs+A8BE5HhTQ4OIG18ecDP/dur0S1itLElUyAn47+r7ny7"
    "j+eLB4TrpQnVEf9LeX8O6f2pUe33mk7IdV+RczFKDE0RWpZMNx4RVcxhnfWsNtw/yoY7xr"
    "utl9K8Ps6QiDqumWK6qupZO1fPShguBfEMy1QJ6FE3dOXh3JzjaEmT0JbJcBQEgzVznObJ"
    "cbSe+dLPFMengQqAVWXe8h/Tjk0aSfS5tTqm/J+c2JdOkVSHeWIr9OFJMgf2O7EhLpIpFM"
    "ga4mzeI2CucqVMkqmM6EyURZmKQ+nUZSgYmFEm/xB+qmSuIxnm4LEUXwMLNeXI+x6e8UBu"
    "4UoeeAT6ArK5oEf47zRW4KtNbWh4aUm+SpqF92oi0uX9eJWsXUYlN30S+uS8Al3FmJPsZf"
    "cYC27I9SefJP55cwy/39YtjcrHdLx8TBPh8yyTFSgm2CaD58B5gcITWTEdxCWVEkorwcAk"
    "zQmUHdSxFlBBHRFKp4qgjgYW1xQ7j4Lwd25uB9c9uWfZtZpmxSH+yoNR5lOoE8WZi9lWdT"
    "PbrV/luciePlvsuVBpJquPwT64L6hm06JyBR1+vSnvu1AMeyUMe3xWrcIb1K48FHFIs3LL"
    "BpUuEvPqgV1sNZtXd/aw5akhUiiaMzWUOIWW8qR9x9Fe4okboqzvBX0+I1GankGjk+L2Wd"
    "/rbvL8MK9VTufPHwsKJow684UNoPTH9ICFbED5Z9UF0BbRp5gBeRIG/EMUqrTBC/cvmzr6"
    "4mXS11NNlypxSb1CV5XFmA19ey1GOJthA8OMYKLsshwxMWU71trQqUPoRbVmznoAVrCH7I"
    "f7atiYzbuJjH+wVcYVpZucBcOKyhqcdRjaFQd07RRUdMeHfvr20ruzcXNpyTa544p4g6ko"
    "c+GKAZH2Rp5m8v5GZI4JegVkHTgLQIbAFOl4ybvrivpoIkwHWsBG32xgUS7J946EJvabe3"
    "rOA5niObbFSSuDzz3gmV9GT4jJnrHQqCOij2QlON6bxX917nCicH4YdQTrwEewbMT4qChY"
    "JD4m1rp0fHspIxF8JUWgjkq1MU6r8tSHFi6WVdJv30Jw81SbyS42k6g1w0chW2kGN4+KTB"
    "ZhoTZi/DoPyK+zUX6dDvMCzxfFcfalFNA5gBZlZ/nItDJCqDKmi7CQgjkHzDZ8RJrJ6AwX"
    "y88Vlzt8BOFxLP39VOzBSzRjcFmwVlhIqIVj/eQizz4vTjmGtnkX8bFeqzyZdQO/IVxwrq"
    "AxG6cROfkib33ZOn9RnY+jwYB3xRB6ILejwefh/ece8MpuxmmHI8TektTzedlTmd++BXX4"
    "oriev86zYPNWmdjKe/F0gWSOmMlwMWs1Jlbn8V0S7eoLeCpfYjb07fIlJlw02S6EkPPG5D"
    "vgJ7hr4RqX0O57nTVwLBwlB1sMtUxHQRjXbQ4DLaLRPJ4D4RH5yQJz+jNc8A9CnhF2w0a4"
    "InRHHnCyEVtiwe/bFPDuAL8EPco/7QByFV2mcPtfvN8obwsn1V+bDg+H5q9ivP+ms34to/"
    "4PcrxPBbqoxSnKoM+znELZFTvDMirEpdYhLvVYyqsNcgkWnh0jXALXfzNh3RpgEflSVRqi"
    "GqYhqm4DO+YvMmdweUmXvE10Z5XRZOMW1vYac0Bk69x72Am1gScjwkvglG8tLeC+N8B2Dz"
    "DKd51k3uVbTR1ZFmCOIcJTeHMRYrJExJExKWmb2Ur7VqHW9QpR0YNhmZeFCom0LjSl+nAJ"
    "nQMxpywjd9B2MjssX2fCr/PL4Oq2J9KKmw/kbvjpun911/PsWeuBvB9eXQ2vP/XABBsG18"
    "cD6X/8OLwa8u14D6wjQvnVD5+H1z13kilDg1fvcgr/zAJfSUyszqor+a2cnufBmrfKBFve"
    "i/lRGSSWkVU4YoMzOyZXj3Q4rapEydDfjptVxbFTQmc2FtlJyKpaO/lr7azBC7kHy2AfEl"
    "dlpQrgv+C7HYPbH7oBi8UyJQRbuApU77FDRPzwNF560ygPSam5Jf/YtiizNcqmhcpmRoUO"
    "x0a+3teIrpiKVLR+NtTtovUL+JwPwUP9gSYLSh87G3gov0k3Fw/17LYuUMmK0WdgIgYcU4"
    "xS94CTyZc/5LJBFuJD3Ab6AumPPXkFOlNsi2NV2FhzRny9tIFIbQnoLMFI7eUpDwRP0dKk"
    "tsjZC158dTvW8PSrOJTlfj15kwV8CfBT7tgmuWPXSi+mhIhYJWm2fhhdhAz/lE8mvwrSpF"
    "uU8OzAutD5dFpYBSEhhXxZ5JfIsvgSXxj8qJzCvyz+3lQukUsoINvQj4m10Mzfg2Pk8J6n"
    "7UP8eJ6n6nkU4XMtgq7ffk/QHnHwnp/kGb28VXYM/0nyHHRGdng+R++QHH6P7MlJMaw7o8"
    "HlYPj74EMPvBZHVG4uB3d30oV38kDu7i/Fnz1w+kAGo9HNiM8QD2T8y+hmPL4SIm8eyPDT"
    "9c1I/P88pyPPnfHPTt9erOd48cemWf3uc1/4FePTOGKMMs1bFIt8AwnB9n0Mp+fnudx25x"
    "vcdufxj8FnuhmyTP5wvhTiJdKW6Z/HZrI8rYsWbWgqIxmhbaOlmXbkNztVWkiktvOOYm1r"
    "uBdsF2sb0boBcbny2VFJpfUmaf1oweI1W5T2Eit+2JDmeiJaOqKZPx9c319dHS2kmWFocO"
    "g7aT4k/153o/NItBJEbIHcfVxC+Fnm+AkRmbzZ9e6Ikp3CW2MyOnX01OjkQrKpZ+r84eo1"
    "TByqUwHJBw1IVruwH3A99r69wtVtQkLqUJw6FNfqjU5NIa24wI23CO+O6m3QU0uBjc5/dT"
    "oXJ0d0ygbSH+nZm0cxWHLuG+/oEon67c8LCixE/Poer4Af6gTw1M3AfPHm5wlO2T2W6qHi"
    "E2yqWnvV1drXsSClg0iq3FDUYbN+aCe6JdJXF0uFGJZpn8+leu+5rGGkFUU5KtU+nKt3oh"
    "uQzB0RWaPTYmmvE4LtQ7v6s5Zy+dVMuDIoLBQZkhBsH9oqNZ6iWqqgWkTUu2YhREroPS6r"
    "NN8kzU8Mqj+W+t6jkhVovWYzbUOU7GNSVepLrD2i1Y6ZL/sm/hWtGvihZ7EssaPXosIpH/"
    "kWNNCOSIkMQNiy8tWcbSRaiNjYNpAop6OhJ0TSgpOKIDYI+hs8oUYS+rlwmzNYJVafRHdt"
    "xUrkMOCvx6qDa+T12FbE3KLdoTLaO0JXooJ2I3H726H2rnP+bw5tVS3PaASqyp2dHyz3iN"
    "COUKUc4m7kRnszVDKkZ1ekQqFKbRlOhTx2ueoT+4j6BXJzbPcLFChu4thzN/xpmW6LYzUK"
    "9dUSqAr6gfuIYV2QlwlPsHenu8kXDIM225zB2b9MJRytV3zfE9+6F0ylGBJp4cnavZzHEh"
    "9VAYS95i1E9yRX+aaTDeWbTpLlm/gT7dRCw9n5KUMiqs5iwSSUR02y9P3/AcrVZJk="
)
