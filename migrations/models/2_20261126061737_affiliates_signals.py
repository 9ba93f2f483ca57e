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
    "new_user" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "affiliate_id" INT NOT NULL REFERENCES "affiliates" ("id") ON DELETE CASCADE
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
        DROP TABLE IF EXISTS "referrals";
        DROP TABLE IF EXISTS "signal_approvals";
        DROP TABLE IF EXISTS "signals";
        DROP TABLE IF EXISTS "affiliate_clicks";
        DROP TABLE IF EXISTS "api_keys";
        DROP TABLE IF EXISTS "commissions";
        DROP TABLE IF EXISTS "payouts";
        DROP TABLE IF EXISTS "affiliates";"""


MODELS_STATE = (
    "eJztXW1v27iy/iuEv2wLeHuapEl7jYMDuKnb9d00yTrO7uI0C5WWaZsnMqmlpKTGuf3vl6"
    "Qk692WZNmWVH4pGolDyc9Q5Mwzw+F/O0s6RYb1qj+bYQNDG3V64L8dApfiP8mbXdCBphnc"
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
    "Ddyk7aCpFv5u0I0sjrpk0wiWmLntLU6UrM+EnEbggaU/6PXCWGvD9I9DRTywPt3uukietC"
    "Ai5+mcHntc0fXhP5L+e/F9muXdq/u+x/GHS+R1aFKM7i1vJ0Gb8CCZzL3yveTLxH+ry/yW"
    "lbrww5PDctWJPy+G//4OpmNveeGHXmCwBJ4Gn9ZEkvqgsmKwABQc+uQ0YZINRO89d26mu7"
    "f/Yl9CNdFencnrNdg/WvQt7bezz/URy4/zk9PTt7e/r67OLd+Zu3b8/fvV57cslbm1y698"
    "NPwquLGLjb3Tybf0LCXdcyDdRNukiT3q6ZBkzfh1ROoAz+3Wnpa8B7Sg0ESboWwmIx9Cdc"
    "roHwb0Ly5uYq4vO9H8Zwvb7//H7AXXLpSfBG2M6AOzQ9JQDf7IhHJZUn3iRPPL5I5eQN42"
    "JtmuZ2IhETjnkK1EmcP1KG8Jz8ilY5zdoIQ94wmPNat/ExlsPETVAiSZu3InPYxFxZqWaw"
    "e2ez+Wti7RGtCoUtuE3KRcCMG6EywmCajD5xAdC/HfYA5ZMTwLYF7n7p/3x6fgGwaG6mGr"
    "479qZCE/UKTXA9agtoLYqEJ8IyrQtRXLzJEaK4eJMZohC3oqaRydAMfysCcCBRDbzHXhmj"
    "MaDTPDGg0+wY0GkcYGV7/oi2J0NP9LGU1qOSFWjde926KL0hSvYx2ahlA1q2cMjL6Dkuqz"
    "RdZ03XJ6pbX6UWjetuC4cU9hzLBkTqAWnFIZGD+YuhOHCKzxiNEmf7jbGwdB7X0Y09SofP"
    "4tYqAnTG3TsELGgg8IK7f8LN48spYvzKy66fwCZucxHd4bJEX6W5kRX2nOJSfumIhp4mH/"
    "mgc2Mmyss8kpcZ0kZeHygk0kon6F0uL+jdBjfoXdwPkgM9FeIBcZaJGT7q03uydca6c9e/"
    "GvTkHPBARoOP99cfemIicdxXL6qDPBrIxj+Bvj8nFRnkYZk6I19ylJ/lQPgsE+GzOMJySo"
    "BL6pAUV2BTaDUm2KZww4GjqmXQV8BXAfwTxBKREn5wXLaFPFebHGFdLNCGUY7QjMkqyqPW"
    "mlbE9Q9IXKukiaodzwDbibMqzCKGZRSNGA9eytz6YiM1IlNqmNZszVGpPbViafOl9iSmBU"
    "V/bwM2PBNuB9Vcb7vZEdXc+3dqNi3khTUyH0Zw5W8Aru+vro4VWBgQG9sGWiJiD56Q/AGJ"
    "8EKiTXdTkAEFrTUkmueMNYwXCCywZVO26gFB+6/AnEFid0UQgOpyc1MXoG8m5ncgmfLLOl"
    "2aDh8r3tVklKGiPvPs1ggFjh7RSu3QqOkOjUdUiJ71mreQma0+y41/3V4EMi+6gUQLAT7L"
    "k+V2lp3ldpbIcpMzErJKkAVRSUUJ1ZkSMvBsrYUC25bCYgfctrS+0th9S1NkQ5y2tzp73g"
    "qJHG7i6nQOMm2dnp/nmLd4q8yJS95T+bmK5pSmdjHiKCyieKPkZKVSJFWK5LHJjK0pkok5"
    "oAJMQxzEJ7/LZk0FeeENT4F1pYpcFWymitZqykcVyZ+dkyr6YwFtN1eUOkxHYA6fkPxblt"
    "kQmxLFH9x3fwXW2xWhriPLAjYFUG5dxJZbTXHBVSFST2VFxQSBtLcnPRDh/PLO3N/dBQjq"
    "CyBLivBHg+cFYrLKo+x/gviTEEBkaoEXFkIgBPMdYk9YRy/LElXCOrah7VgFKasfha/a57"
    "5LxUTth4lyP9Z0dLcnwgbSdQa7czP6MBj1AGVTxGeT/ofPw+segNMlJg9kPBr2r8TngqHx"
    "QG5HN59veqKU7JLGZ7hcqcqV1+x0IdYYmhX5BKJSdVZOnXLCpw6TcQ5tClcpLEfmPJ6QU/"
    "5Y0h+Tq3cpYiMq2UJioyFERi5OVtplZYj3iKBScq2VrMIrP4KWPWenrG24lj4g8e96igXp"
    "/07/cjz8fcBNQin9QAZ/3g5Hgw89N7EBTcUGqt9vfh3IHVSyHEI9bEPu5ZZaUMNy6hOs8y"
    "dIaFqiY7bd77dXsbY8sTYVIlAhgmNz2DtUUQgtBOvkwVgaRIGa52mpi42c+POUPt8L1T9C"
    "S/HLWWcz279u1s1L+DNPokApClcA6Abka/h0Tb+biGE6FdS6R72/EMS5GINdScCLxE4vxx"
    "PbLosO7Zc9Qa8nCP/9POaBuMMJBGoUYYFnEV1YwkdkCYk5BdQR0Qad/3xxSySscs0sJ6J2"
    "+Az8h04AcwgfvBbgWKHs0hf+JOVzxvLFNUSCYhjiZ8OVpbmRBVUbQ0UC6sB/7qHyYmToF3"
    "EnopKKuqm1R9H6uifvBx9vRtyZd+frpDNfD9c9vKTkXyZiUofb1fq61utFiLIS5lIJ7jkQ"
    "U3xInWcvbvXpNC3hO9sGCIkckBXxLOLDkCPV759QWcjZ0Lc3C1nxYYoPazAftk+ax9t2nc"
    "LsBBuys8mc0MmNW+mbbETVcRD1IiNUEcN9FzFUFfSOVEGvgaF/hnhjyy5sc3dGg9/uueXk"
    "Rve9Ph7IbX/IL5gQ14QwWL9aqTMcorLKKm+SVS7GYAmlh8QUp1FnTkNWd0ckKws/65MOCa"
    "lsjzzZHqqUoCrSVlOnd9fzF0M+SfTcivLpINGDMhq5Ohw2EeTWgKknjsjr3Y3sAG+RO7Xj"
    "Ga7EfsmJI85LNxmdOrrdAwv6DAxK5iI5QpzkZMkUC5k0wa/oVFzBxN05uemkkYp7V4xFzR"
    "gLPvgKsRVee3Vw5db0CZmtVQTbtUALaSC1O68ZM0V025alWc4keJuk+bCpqFZ6B6q8VoHy"
    "WuIlTKSZDOuFD4BKipaaVuo2yvc/qwQ7hgoM9kDogAPcXy2bO74pszW5Cb/A7B0VUhlPcV"
    "BVpkY21O3lhB1zWlLrUUml9bpoPYUq9t4+FAlwHfKCB0xEhBR7uZ299BCrgLu8DXpqGMR5"
    "mcvo6IrwliM+3EfDy3E+4lKarjtyloJquxX9tAjwyATwt0PtXUH6zaGt4tL3Tuq6IyqD2V"
    "0Pt830rhYM7zwkrxD5yQJSSDCrYk+dT6zK452XmFAGuGpEPTxBxor9dTOD8otTbOkiA8YC"
    "lk1NAO00nrf6B6TurjM97nud9aR2z6mEtWMbDyphrYUJa3JqKnXecVyyNRTDgTUgl7link"
    "kg0aaRvze3xFtMd/VJvG4aBm5uhyQYVLXaP+B5gmlmZOAkbjAi3UY5Lcg7uuRWmKiObFNg"
    "IcPoyaoJsn4yCFWWEMUYuBnn6AsALfDVFAUdnOVXwK28r0/Y1PQFJAQZX5Mm5F6eoNIFam"
    "YvqnQBlS7Q1MBe+M0SOI/Rt6xsAbQpgN3E1NpNBPjgz3GE+/YRffG5/+fLCP99dXP9yW8e"
    "0sDl1c37RFXC9eyfQlX9793NdTrycbl4bALrNvg/YGBrb7Zh558zh8iD9sDEwYaNifVKPO"
    "9fR1CNwGmzauJa6EbjDaKDuGpklfOi+TNRIZU8k3R9CHoWJQaY5lNj2sQsAHCWeGs80cqA"
    "VskaKlmjyeNXJWtkQ93MsL1K1vgRtZ6VrJFg73JFvv3tH7sFvhuo/Vwxb2l+7ojPWPRxbz"
    "XxCzlO2Fucf3Qp2Jx0vtK72d3CWC6pJighVfdE0YKtpAWrr7vW+uqct4PR5eB63BMlonVE"
    "7AfycfinKL0xw9/K1ebMQx1mE4cJ2tB7r2IefFRIUSQpnruMrxfiA0Mi9aACxWNbQwU+QQ"
    "Nzk5Qv0kWdkqikqi1SHx8k6Xq6uuKfETbKqXktqvRcZz2LFdGx0lKDM9essIhasZIrlo+P"
    "xhd3Lb1251ZsI7IK5JSksVBaS167ICxTD8OgVTHCDDpqgz58AaWMypUxw8yyNdNh+gJaSK"
    "OCKU2oZmP0K6MHtTG/QCxMhR0PBrWKkGWvvc2MlWRFyErFSvgjEXuSbP+uIRNBT4+C7ho4"
    "IGq3ZbBmxurxQifhcZUVQYmNvW2BlPjI354EfkPkkXvyFD4gOwGCie+CBf8hYCIqvMnBAa"
    "SPLzf4uX97Z3SLHG1syRLIyfzvqjvfHuP54gHhRmlC54j/paI/h4z+1Ojs95pOyHVfkXMx"
    "SgxNEVqWLDceEVXMYZ31rAzuH8XgjvFu66U0b4wzJKK2a6a4rur0rJ1Pz0o4LgXxDMtUCe"
    "hRDbrycG6ucbSkSWjLVDgKksGaOU7z1Dhaz3zpe4rj00AFwKpj3vJv045NGkn0ubc6pvyf"
    "nNiXLpFUh3liK/ThSTIH9juxIS6SKRTIGuJs3iNgrnKVTJKljOhMHIsyFZvSqctQMDCjTP"
    "4h4lTJWkcyzcFjKb4GHmrKlvc9POOB3MKV3PAI9AVkc0GP8N9prMBXm9rQ8MqSfJU0C+/V"
    "RKTL+/FOsnYZldz0SeiT8w7oKsacZC+7x1hwQ6E/+STxz5tjxP22mjSqHtPx6jFNRMyzTF"
    "WgmGCbHJ4D1wUKT2TFdBCXVEoorQQDk7QgUHZSx1pAJXVEKJ0qkjoaeLimsDwKwt+5uR1c"
    "96TNsutpmhWn+KsIRplPoU4UZy5mW52b2W79qshF9vTZ4siFKjNZfQ72wWNBNZsWVSjo8O"
    "tN+diFYtgrYdjjs2oV0aB21aGIQ5pVWzY46SIxrx44xFazeXXnCFueM0QKZXOmphKn0FKe"
    "tB842ks+cUOU9b1gzGckjqZn0OikhH3W97qbIj/Ma5Uz+PPHgoIJo858YQMo4zE9YCEbUP"
    "5ZdQG0RfYpZkDuhAH/EAdV2uCF+5dNHX3xMhnrqaZLVbikXqmrymPMhr69HiOczbCBYUYy"
    "UfaxHDEx5TvW2tGpQ+pFtW7OegBWYEP2w301bMzmNSLjH2yVeUXpLmfBtKKyDmcdhnbFCV"
    "07JRXd8aGfbl56dzYal5ZskzuviDeYimMuXDEgyt7I3Uze34jMMUGvgDwHzgKQITBFOl7y"
    "7rrifDSRpgMtYKNvNrAol+S2I6EJe3NPz3kgUzzHtthpZfC5Bzzzy+gJMdkzFhp1RPaRPA"
    "mO92bxX507nShcH0ZtwTrwFiwbMT4qCh4SHxNrXTm+vRwjEXwlRaCOSrUxT6vy0ocWLlZV"
    "0m/fQnDznDaTfdhM4qwZPgrZSjO4e1RksggLtRHj13lAfp2N8ut0mBd4viiOsy+lgM4BtD"
    "h2lo9MKyOFKmO6CAspmHPAbMNHpJmMznCx+lxxucNnEB7H09/PiT14iWYMLgueFRYSauFY"
    "P7nIY+fFKceQmXcRH+u1qpNZN/AbwgXnShqzcRqRky/z1pet8xfV+TgaDHhXDKEHcjsafB"
    "7ef+4B79jNOO1whNxbkro/L3sq89u34By+KK7nr/Ms2LxVJrbyXrxcIJkjZjJczFuNidV5"
    "fJdEu/oDPFUsMRv6dsUSEyGa7BBCKHhjcgv4Ce56cI1LaPe9zho4Fo5Sgy2GWmagIIzrto"
    "CBFtFonsiBiIj8ZIE5/Rku+Ach9wi7aSNcEbojNzjZiC2x4PdtCnh3gF+CHuWftgG5ii5T"
    "uP0v3m+Ut0WQ6q9Nm4dD81cx3n/TXr+WUf8H2d6nEl3U4hRl0OdZQaHsEzvDMirFpdYpLv"
    "VYyqtNcgkWnh0zXILQfzNh3ZpgEflSVRmiGpYhqs6AHfMXmTO4vKRL3iZqWWU02WjC2l5j"
    "DohsnduGnVAbeDIivQROuWlpAfe9AbZ7gFFudZJ5l5uaOrIswBxDpKfw5iLFZImII3NS0o"
    "zZSvtWqdb1SlHRg2GZl4UKibQuNaX6dAmdAzGnLKN20HYyOyxfZ8Kv88vg6rYnyoqbD+Ru"
    "+Om6f3XX8/xZ64G8H15dDa8/9cAEGwbXxwPpf/w4vBpyc7wH1hmh/OqHz8PrnjvJlKHBqw"
    "85hX9mga8kJlZn1ZX8Vk7P82DNW2WCLe/F4qgMEsvIOjhiQzA7JlePcjitOomSob8dt6qK"
    "Y6ekzmw8ZCchq87ayX/Wzhq8UHiwDPYhcXWsVAH8F9zaMbj/oRuwWC5TQrCFq0D1ETtExA"
    "9P46U3jfKQlJpb8o9tizJbo2xa6NjMqNDh2MjX+xrRFVORitbPhrpdtH6BmPMheKg/0GRB"
    "6WNnAw/lN+nm4qGe3dYFTrJi9BmYiAHHFKPU3eBk8uUPuWyQhfgQt4G+QPpjT16BzhTbYl"
    "sVNtacEV8vbSBKWwI6SzBSe3nKA8FTtDSpLWr2ghdf3Y41PP0qNmW5X0/eYgFfAvxUOLZJ"
    "4di10ospISJWSZmtH0YXIcc/5ZPJr4I06RYVPDuwLnQ+nRZWQUhIIV8W+SWyLL7EFwY/Kq"
    "fwL4u/N5VL5BIKyHb0Y2ItdPP3EBg5fORp+xA/XuSpeh5FxFyLoOu33xO0Rxy85yd5Ri9v"
    "lZ3Df5LcB51RHZ7P0TsUh98je3JSDOvOaHA5GP4++NADr8UWlZvLwd2dDOGdPJC7+0vxZw"
    "+cPpDBaHQz4jPEAxn/MroZj6+EyJsHMvx0fTMS/z/PGchzZ/yz07cX6zle/LFpVr/73Bdx"
    "xfg0jhijTPMWxSLfQEKwfR/D6fl5rrDd+Yaw3Xn8Y/CZboYskz+cL4V4ibRl+uexmSxP66"
    "JFBk1lJCO0bbQ007b8ZpdKC4nUdt5RrG0NbcF2sbYRrRsQlzs+OyqptN4krR8tWbxmi9Je"
    "csUPm9JcT0RLZzTz54Pr+6uro6U0MwwNDn0nLYbk3+tuDB6JVoKILVC7j0uIOMscPyEiiz"
    "e70R1xZKeI1piMTh09NTu5kGzqnjp/uHoNE5vqVELyQROSlRX2A67H3rdX+HSbkJDaFKc2"
    "xbXa0KkppBUfcOMtwrujehv01FJgo/NfnfbFyRGdYkD6Iz3beBSDJafdeEeXSJzf/rygwE"
    "LEP9/jFfBTnQCeuhWYL978PMEp1mOpHirewaZOa6/6tPZ1LkjpJJIqDYo6GOuHDqJbonx1"
    "sVKIYZn2xVyqj57LM4y0oihHpdqHc/VBdAOSuSMya3RarOx1QrB9aFe/11Iuv5oJVwaFhT"
    "JDEoLtQ1uVxlNUSxVUi8h61yyESAm9x2WV5puk+YlB9cdS33tUsgKt12ymbYiSfUyqKn2J"
    "tUe02rHyZd/Ev6JVAz/0LJYltvVanHDKR74FDbQjUqICELasfGfONhItRGxsG0gcp6OhJ0"
    "TSkpOKIDYI+hs8oUYS+rlwmzNYJVafRHdtxUrUMOCvx6qDa+T12FbE3EO7Q8do7whdiRO0"
    "G4nb3w61d53zf3Noq87yjGagqtrZ+cFytwjtCFXKJu5GGtqboZIpPbsiFUpVastwKhSxy3"
    "U+sY+of0BuDnO/wAHFTRx7rsGfVum2OFajUF8tgapgHLiPGNYFeZmIBHt3uptiwTBosy0Y"
    "nP3LVMHReuX3PXHTvWApxZBIC3fW7mU/lvioCiDsNW8huie5jm862XB800ny+Cb+RDv1oO"
    "Hs+pQhEXXOYsEilEctsvT9/wFyl+HP"
)
