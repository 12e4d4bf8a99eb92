"""The outreach file format: default scrypt cost in the header, round trip, and the strength hint."""

from __future__ import annotations

from kvp_desktop.services.outreach import crypto as oc


def test_default_parameters_are_recorded_in_the_header_and_round_trip() -> None:
    key = oc.SealingKey.new("en lang nok passfrase")
    blob = key.seal(b"SQLite format 3\x00" + bytes(1000))
    assert blob.startswith(oc.MAGIC)
    version, kdf, log2_n, r, p = blob[len(oc.MAGIC):len(oc.MAGIC) + 5]
    assert (version, kdf, log2_n, r, p) == (1, 1, 17, 8, 1)
    assert b"SQLite format 3" not in blob
    plain, again = oc.unseal(blob, "en lang nok passfrase")
    assert plain.startswith(b"SQLite format 3")
    second = again.seal(plain)
    assert second[:len(oc.MAGIC) + 5 + oc.SALT_BYTES] == blob[:len(oc.MAGIC) + 5 + oc.SALT_BYTES]  # same salt
    nonce = slice(oc.HEADER_BYTES - oc.NONCE_BYTES, oc.HEADER_BYTES)
    assert second[nonce] != blob[nonce]  # a fresh nonce for every save


def test_passphrase_strength_hint() -> None:
    assert not oc.passphrase_strength("kort").acceptable
    assert "minst 12 tegn" in oc.passphrase_strength("kort").hint
    assert oc.passphrase_strength("aaaaaaaaaaaaaaa").score == 1
    weak, strong = oc.passphrase_strength("hestbatteri1"), oc.passphrase_strength("korrekt hest batteri stift 42")
    assert weak.acceptable and strong.score > weak.score and strong.score == 4


def test_a_header_asking_for_a_huge_scrypt_cost_is_refused_before_deriving() -> None:
    """Found by fuzzing headers: N=2**20, r=32, p=16 was inside the bounds (4 GiB, sixteen passes)."""
    import time

    import pytest

    blob = oc.SealingKey.new("en lang nok passfrase", oc.KdfParams(10, 8, 1)).seal(b"x" * 100)
    offset = len(oc.MAGIC) + 2
    for cost in ((20, 32, 16), (20, 8, 1), (17, 8, 3)):
        crafted = blob[:offset] + bytes(cost) + blob[offset + 3:]
        started = time.perf_counter()
        with pytest.raises(oc.OutreachCryptoError, match="skadet eller endret"):
            oc.unseal(crafted, "en lang nok passfrase")
        assert time.perf_counter() - started < 0.5
    assert oc.unseal(blob, "en lang nok passfrase")[0] == b"x" * 100  # our own, lowered cost still opens
