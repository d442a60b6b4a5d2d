package cn.govcred

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File
import cn.govcred.Fixtures.codeOf
import cn.govcred.Fixtures.json

/**
 * The shared OFD corpus (tests/vectors/ofd/), run as tests/ofd_corpus.rs runs it: every
 * EXPECTED.tsv row verified under the corpus's trust (the peer/ root pinned for peer/
 * files, no root for ofdrw/ files) at the same `now`, giving outcomes.tsv's codes for the
 * document and each signature, with a JSON view that says the same.
 */
class OfdVectorsTest {
    private val ofd = File(Fixtures.vectors, "ofd")

    private fun rows(name: String): List<List<String>> =
        File(ofd, name).readLines().drop(1).filter { it.isNotEmpty() }.map { it.split('\t') }

    private fun verifier(roots: List<String> = emptyList(), certs: List<String> = emptyList()): OfdVerifier {
        val v = OfdVerifier()
        roots.forEach { v.addRoot(File(ofd, it).readBytes()) }
        certs.forEach { v.addCert(File(ofd, it).readBytes()) }
        return v
    }

    private fun verify(file: String, roots: List<String> = emptyList(), certs: List<String> = emptyList()): OfdVerdict =
        verifier(roots, certs).use { it.verify(File(ofd, file).readBytes(), NOW) }

    @Test
    fun everyExpectedTsvRowGivesItsOutcome() {
        val expected = rows("EXPECTED.tsv")
        val outcomes = rows("outcomes.tsv")
        assertEquals(23, expected.size)
        assertEquals(expected.map { it[0] }, outcomes.map { it[0] })
        val failures = mutableListOf<String>()
        for ((row, outcome) in expected.zip(outcomes)) {
            val file = row[0]
            val want = row[1]
            val wantSigs = outcome[2].split(',').filter { it.isNotEmpty() }
            val v = verify(file, if (file.startsWith("peer/")) listOf(PEER_ROOT) else emptyList())
            val got = listOf(v.code) + v.signatures.map { it.code }
            if (got != (listOf(outcome[1]) + wantSigs).map(Fixtures::errorCode)) failures += "$file: expected ${outcome.drop(1)}, got $got (${v.message})"
            assertEquals(outcome[1] == "Ok", v.passed, file)
            assertEquals(v.passed, v.code == ErrorCode.OK, file)
            // The corpus's own words, where they are checkable by outcome.
            when {
                want == "VALID" ->
                    assertTrue(v.code in setOf(ErrorCode.OK, ErrorCode.UNTRUSTED_CERTIFICATE) || file == SESV4_SIGN_DOC, file)
                want == "NOT SIGNED" -> assertEquals(ErrorCode.NOT_SIGNED, v.code, file)
                want.startsWith("INVALID") -> assertFalse(v.passed, file)
            }
            // The JSON view is the library's and says the same.
            val j = json(v.json)
            assertEquals(v.passed, j["passed"].asBoolean, file)
            assertEquals(v.code.value.toLong(), j["code"].asLong, file)
            assertEquals(v.code, Fixtures.errorCode(j["code_name"].asString), file)
            assertEquals(v.message, j["message"].asString, file)
            assertTrue(j["license"].isJsonNull, file)
            val js = j["signatures"].asJsonArray
            assertEquals(v.signatures.size, js.size(), file)
            for ((s, o) in v.signatures.zip(js.map { it.asJsonObject })) {
                assertEquals(s.id, o["id"].asString, file)
                assertEquals(s.kind, o["type"].asString, file)
                assertEquals(s.format, o["format"].takeUnless { it.isJsonNull }?.asString, file)
                assertEquals(s.code.value.toLong(), o["code"].asLong, file)
                assertEquals(s.code, Fixtures.errorCode(o["code_name"].asString), file)
                assertEquals(s.signer, o["signer"].takeUnless { it.isJsonNull }?.asString, file)
                assertEquals(s.sealName, o["seal_name"].takeUnless { it.isJsonNull }?.asString, file)
                assertEquals(s.timeSource, o["time_source"].asString, file)
                assertEquals(s.signedAt == null, o["signed_at"].isJsonNull, file)
            }
        }
        assertEquals(emptyList<String>(), failures)
    }

    @Test
    fun thePeerSealReportsItsParts() {
        val v = verify("peer/seal-v4.ofd", listOf(PEER_ROOT))
        assertTrue(v.passed, v.message)
        val s = v.signatures[0]
        assertEquals(listOf("s001", "seal", "ses-v4", "ok"), listOf(s.id, s.kind, s.format, s.message))
        assertEquals("govcred 测试专用章 v4", s.sealName)
        assertTrue(s.signer!!.contains("govcred Test Signer"), s.signer)
        assertNotNull(s.signedAt)
        assertEquals(emptyList<String>(), s.leniencies)
        val sign = verify("peer/sign-gbt35275.ofd", listOf(PEER_ROOT)).signatures[0]
        assertEquals(listOf<Any?>("sign", "gbt35275", ErrorCode.OK), listOf(sign.kind, sign.format, sign.code))
        assertEquals(ErrorCode.UNTRUSTED_CERTIFICATE, verify("peer/seal-v4.ofd").code)
    }

    @Test
    fun sesv4SignDocPostdatesItsSeal() {
        val s = verify(SESV4_SIGN_DOC).signatures[0]
        assertEquals(ErrorCode.SEAL_NOT_VALID, s.code)
        assertEquals(1_785_809_289L, s.signedAt)
        assertEquals("asserted", s.timeSource)
    }

    @Test
    fun digitalSignIsValidOnlyWithItsCertificate() {
        val v = verify(DIGITAL_SIGN, certs = listOf("ofdrw/keys/ofdrw-sign__USER.cert.pem"))
        assertTrue(v.passed, v.message)
        assertEquals("sm2", v.signatures[0].format)
        assertEquals(ErrorCode.SIGNATURE_INVALID, verify(DIGITAL_SIGN, certs = listOf("peer/certs/signer.cert.pem")).code)
    }

    @Test
    fun aRefusedDocumentIsAVerdictAndABadCertificateThrows() {
        OfdVerifier().use { v ->
            for (data in listOf(ByteArray(0), "PK".toByteArray())) {
                val verdict = v.verify(data, NOW)
                assertFalse(verdict.passed)
                assertEquals(ErrorCode.BAD_OFD, verdict.code)
                assertEquals(0, verdict.signatures.size)
            }
            val notCert = byteArrayOf(0x30, 0x02, 0x05, 0x00)
            assertEquals(ErrorCode.BAD_CERTIFICATE, codeOf { v.addRoot(notCert) })
            assertEquals(ErrorCode.BAD_CERTIFICATE, codeOf { v.addCert(notCert) })
            assertEquals(ErrorCode.BAD_PEM, codeOf { v.addRoot("not a cert".toByteArray()) })
            // Unchanged: still no root.
            assertEquals(ErrorCode.UNTRUSTED_CERTIFICATE, v.verify(File(ofd, "peer/seal-v4.ofd").readBytes(), NOW).code)
            assertNull(v.verify(ByteArray(0), NOW).signatures.firstOrNull())
        }
    }

    private companion object {
        /** tests/ofd_corpus.rs's NOW. */
        const val NOW = 1_800_000_000L
        const val PEER_ROOT = "peer/certs/root.cert.pem"
        const val SESV4_SIGN_DOC = "ofdrw/ofdrw-reader__SESV4SignDoc.ofd"
        const val DIGITAL_SIGN = "ofdrw/ofdrw-sign__DigitalSign.ofd"
    }
}
