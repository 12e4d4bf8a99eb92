"""Encryption of outreach files: AES-256-GCM with a key from scrypt(passphrase, random salt).

File layout (all of it is authenticated; the header is the GCM associated data)::

    magic "KVPUTE" | format 1 | kdf 1 (scrypt) | log2(N) | r | p | salt (16) | nonce (12) | ciphertext+tag

The plaintext is the zlib-compressed SQLite database of the copy. Nothing here is home-made:
scrypt and AES-GCM come from the ``cryptography`` package (OpenSSL). A wrong passphrase and a
changed byte anywhere in the file give the same authentication failure.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from kvp_desktop.i18n import _
from kvp_desktop.services.infrastructure.errors import ServiceError

MAGIC = b"KVPUTE"
FORMAT_VERSION = 1
KDF_SCRYPT = 1
SALT_BYTES = 16
NONCE_BYTES = 12
HEADER_BYTES = len(MAGIC) + 5 + SALT_BYTES + NONCE_BYTES
# scrypt cost: N = 2**17, r = 8, p = 1 (128 MiB, about a second): OWASP's recommendation for scrypt.
SCRYPT_LOG2_N = 17
SCRYPT_R = 8
SCRYPT_P = 1
MAX_LOG2_N = 20  # refuse a header that asks for more (a crafted file must not exhaust memory)
# Nor may it ask for more work than twice ours: scrypt touches 128·r·N bytes p times (N=2**20, r=32,
# p=16 alone passed the bounds above and asked for 4 GiB, sixteen times over, before any check).
MAX_SCRYPT_WORK = 2 * 128 * SCRYPT_R * SCRYPT_P * 2**SCRYPT_LOG2_N
MIN_PASSPHRASE_LENGTH = 12


class OutreachCryptoError(ServiceError):
    """The outreach file cannot be opened: wrong passphrase, changed, damaged or not ours."""


@dataclass(frozen=True)
class KdfParams:
    log2_n: int = SCRYPT_LOG2_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P


def default_params() -> KdfParams:
    # Read the module constants at call time (tests lower the cost; files record what was used).
    return KdfParams(SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P)


def _derive(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=2**params.log2_n, r=params.r, p=params.p)
    return kdf.derive(passphrase.encode("utf-8"))


class SealingKey:
    """A derived key with its salt: seals new versions of the same file without running scrypt again."""

    def __init__(self, key: bytes, salt: bytes, params: KdfParams) -> None:
        self._aead = AESGCM(key)
        self.salt = salt
        self.params = params

    @classmethod
    def new(cls, passphrase: str, params: KdfParams | None = None) -> SealingKey:
        check_passphrase_given(passphrase)
        params = params or default_params()
        salt = os.urandom(SALT_BYTES)
        return cls(_derive(passphrase, salt, params), salt, params)

    def _header(self, nonce: bytes) -> bytes:
        p = self.params
        return MAGIC + bytes([FORMAT_VERSION, KDF_SCRYPT, p.log2_n, p.r, p.p]) + self.salt + nonce

    def seal(self, plaintext: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)  # fresh for every save; never reused with this key
        header = self._header(nonce)
        return header + self._aead.encrypt(nonce, zlib.compress(plaintext, 6), header)


def check_passphrase_given(passphrase: str) -> None:
    if not passphrase:
        raise OutreachCryptoError(_("Skriv inn passordet for utekopien."))


def _parse_header(blob: bytes) -> tuple[KdfParams, bytes, bytes, bytes]:
    if len(blob) < HEADER_BYTES + 16 or not blob.startswith(MAGIC):
        raise OutreachCryptoError(_("Filen er ikke en utekopi fra KVP Desktop."))
    offset = len(MAGIC)
    version, kdf, log2_n, r, p = blob[offset:offset + 5]
    if version != FORMAT_VERSION or kdf != KDF_SCRYPT:
        raise OutreachCryptoError(
            _("Utekopien er laget av en annen versjon av KVP Desktop og kan ikke åpnes her.")
        )
    if not (10 <= log2_n <= MAX_LOG2_N and 1 <= r <= 32 and 1 <= p <= 16) or 128 * r * p * 2**log2_n > MAX_SCRYPT_WORK:
        raise OutreachCryptoError(_("Utekopien er skadet eller endret og kan ikke åpnes."))
    offset += 5
    salt = blob[offset:offset + SALT_BYTES]
    nonce = blob[offset + SALT_BYTES:HEADER_BYTES]
    return KdfParams(log2_n, r, p), salt, nonce, blob[:HEADER_BYTES]


def unseal(blob: bytes, passphrase: str) -> tuple[bytes, SealingKey]:
    """Decrypt an outreach file; returns the plaintext and the key for sealing it again."""
    check_passphrase_given(passphrase)
    params, salt, nonce, header = _parse_header(blob)
    key = _derive(passphrase, salt, params)
    try:
        compressed = AESGCM(key).decrypt(nonce, blob[HEADER_BYTES:], header)
    except InvalidTag as exc:
        raise OutreachCryptoError(
            _("Utekopien kan ikke åpnes: passordet er feil, eller filen er endret eller skadet.")
        ) from exc
    try:
        plaintext = zlib.decompress(compressed)
    except zlib.error as exc:  # authenticated but not ours: should never happen
        raise OutreachCryptoError(_("Utekopien er skadet og kan ikke åpnes.")) from exc
    return plaintext, SealingKey(key, salt, params)


def fingerprint(blob: bytes) -> str:
    """SHA-256 of the encrypted file (recorded at the office; identifies the copy without a key)."""
    return hashlib.sha256(blob).hexdigest()


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (too weak) … 4 (strong)
    hint: str
    acceptable: bool


def passphrase_strength(passphrase: str) -> Strength:
    """A simple hint for the checkout dialog: length counts most, then variety of characters."""
    length = len(passphrase)
    classes = sum((
        any(c.islower() for c in passphrase),
        any(c.isupper() for c in passphrase),
        any(c.isdigit() for c in passphrase),
        any(not c.isalnum() for c in passphrase),
    ))
    if length < MIN_PASSPHRASE_LENGTH:
        return Strength(0, _("For kort: bruk minst {n} tegn, gjerne flere ord.", n=MIN_PASSPHRASE_LENGTH), False)
    if len(set(passphrase)) < 5:
        return Strength(1, _("Svakt: for mange like tegn."), True)
    score = 1 + (length >= 16) + (length >= 20 or classes >= 3) + (length >= 24 and classes >= 2)
    hints = {
        1: _("Akseptabelt, men lengre er bedre (for eksempel fire tilfeldige ord)."),
        2: _("Middels: et par ord til gjør det sterkt."),
        3: _("Sterkt."),
        4: _("Meget sterkt."),
    }
    return Strength(min(score, 4), hints[min(score, 4)], True)
