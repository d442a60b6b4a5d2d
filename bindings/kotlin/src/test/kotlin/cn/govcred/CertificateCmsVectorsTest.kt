package cn.govcred

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File
import cn.govcred.Fixtures.codeOf
import cn.govcred.Fixtures.json
import cn.govcred.Fixtures.toHex

/**
 * The shared certificate and CMS vectors (tests/vectors/x509/chains.jsonl and
 * tests/vectors/cms/cases.jsonl), run as tests/x509_vectors.rs and tests/cms_vectors.rs run
 * them: load the roots, the other certificates and the leaf or signature, then verify; the
 * first failure is the case's code.
 */
class CertificateCmsVectorsTest {
    private val x509 = File(Fixtures.vectors, "x509")
    private val cms = File(Fixtures.vectors, "cms")

    private fun lines(file: File) = file.readLines().filter { it.isNotBlank() }.map { json(it) }

    private fun certs(names: String): List<Certificate> =
        names.split(' ').filter { it.isNotEmpty() }.map { Certificate.decode(File(x509, it).readBytes()) }

    private fun runChain(case: com.google.gson.JsonObject): Pair<Certificate, List<Certificate>> {
        val verifier = CertVerifier(certs(case["roots"].asString))
        val chain = certs(case["chain"].asString)
        val leaf = Certificate.decode(File(x509, case["leaf"].asString).readBytes())
        val purpose = when (val u = case["usage"].asString) {
            "sign" -> KeyPurpose.SIGNING
            "any" -> KeyPurpose.ANY
            else -> throw AssertionError("usage $u")
        }
        return leaf to verifier.verify(leaf, chain, case["now"].asLong, purpose)
    }

    private fun codeOrOk(block: () -> Unit): ErrorCode =
        try {
            block()
            ErrorCode.OK
        } catch (e: GovcredException.Failed) {
            e.code
        }

    @Test
    fun everyChainCaseGivesItsExpectedCode() {
        val cases = lines(File(x509, "chains.jsonl"))
        assertTrue(cases.size >= 30, "only ${cases.size} cases")
        val failures = cases.mapNotNull { case ->
            val name = case["name"].asString
            val expected = Fixtures.errorCode(case["expected"].asString)
            assertEquals(case["expected_code"].asInt, expected.value, name)
            val got = codeOrOk { runChain(case) }
            if (got == expected) null else "$name: expected $expected, got $got"
        }
        assertEquals(emptyList<String>(), failures)
    }

    @Test
    fun passingChainsComeBackLeafFirstRootLast() {
        val cases = lines(File(x509, "chains.jsonl")).associateBy { it["name"].asString }
        val root = Certificate.decode(File(x509, "ok-root.pem").readBytes())
        for ((name, length) in listOf(
            "ok-signer" to 3, "ok-signer-under-root" to 2, "ok-signer-4-level" to 4,
            "ok-signer-4-level-chain-reversed-with-extras" to 4, "ok-signer-two-roots-pinned" to 3,
        )) {
            val (leaf, chain) = runChain(cases.getValue(name))
            assertEquals(length, chain.size, name)
            assertArrayEquals(leaf.toDer(), chain.first().toDer(), name)
            assertArrayEquals(root.toDer(), chain.last().toDer(), name)
            chain.zipWithNext { child, parent -> assertEquals(child.issuer(), parent.subject(), name) }
        }
    }

    @Test
    fun signerFieldsAreTheOnesMakeShWrote() {
        val der = File(x509, "ok-signer.der").readBytes()
        val c = Certificate.decode(der)
        assertArrayEquals(der, c.toDer())
        assertArrayEquals(der, Certificate.decode(File(x509, "ok-signer.pem").readBytes()).toDer())
        assertEquals("009a8b7c6d5e4f30211203", c.serialHex())
        assertEquals(1_577_836_800L, c.notBefore())
        assertEquals(2_524_607_999L, c.notAfter())
        assertFalse(c.isCa())
        assertTrue(c.subject().contains("Govcred Test Signer"), c.subject())
        val inter = Certificate.decode(File(x509, "ok-intermediate.pem").readBytes())
        assertTrue(inter.isCa())
        assertNotNull(c.authorityKeyIdHex())
        assertEquals(inter.subjectKeyIdHex(), c.authorityKeyIdHex())
        assertEquals(c.publicKeyHex(), c.publicKey().toBytes().toHex())
        val view = json(c.toJson())
        assertEquals(c.subject(), view["subject"].asString)
        assertEquals(c.issuer(), view["issuer"].asString)
        assertEquals(c.serialHex(), view["serial"].asString)
        assertEquals(c.notAfter(), view["not_after"].asLong)
        assertEquals(c.publicKeyHex(), view["public_key"].asString)
        assertEquals(c.keyUsage(), view["key_usage"].asJsonArray.map { it.asString })
        val bits = c.keyUsageBits()!!
        assertEquals(c.keyUsage()!!.contains("digitalSignature"), bits and 1u != 0u)
        assertEquals(c.keyUsage()!!.contains("keyCertSign"), bits and 32u != 0u)
    }

    @Test
    fun refusedCertificatesHaveTheirCodes() {
        val rsa = File(x509, "unsupported-rsa-2048-selfsigned.pem").readBytes()
        assertEquals(ErrorCode.UNSUPPORTED_ALGORITHM, codeOf { Certificate.decode(rsa) })
        assertEquals(ErrorCode.BAD_CERTIFICATE, codeOf { Certificate.decode(byteArrayOf(0x30, 0x03, 0x02, 0x01)) })
        assertEquals(ErrorCode.INVALID_ARGUMENT, codeOf { CertVerifier(emptyList()) })
        val bundle = File(x509, "ok-intermediate.pem").readBytes() + File(x509, "ok-root.pem").readBytes()
        assertEquals(listOf("ok-intermediate.pem", "ok-root.pem").map { certs(it).single().subject() },
            decodeCertificates(bundle).map { it.subject() })
    }

    private fun runCms(case: com.google.gson.JsonObject): CmsVerdict {
        val verifier = CertVerifier(certs(case["roots"].asString))
        val contentName = case["content"].asString
        val content = if (contentName.isEmpty()) null else File(cms, contentName).readBytes()
        val sig = File(cms, case["sig"].asString).readBytes()
        return cmsVerify(sig, verifier, case["now"].asLong, content, certs(case["certs"].asString))
    }

    private fun cmsCase(name: String) =
        runCms(lines(File(cms, "cases.jsonl")).single { it["name"].asString == name })

    @Test
    fun everyCmsCaseGivesItsExpectedCode() {
        val cases = lines(File(cms, "cases.jsonl"))
        assertTrue(cases.size >= 30, "only ${cases.size} cases")
        val failures = cases.mapNotNull { case ->
            val name = case["name"].asString
            val v = runCms(case)
            assertEquals(v.code == ErrorCode.OK, v.passed, name)
            val view = json(v.json)
            assertEquals(v.passed, view["passed"].asBoolean, name)
            assertEquals(v.code.value, view["code"].asInt, name)
            assertEquals(v.passed, view.has("signer"), name)
            assertEquals(v.passed, v.signer != null, name)
            val expected = Fixtures.errorCode(case["expected"].asString)
            assertEquals(case["expected_code"].asInt, expected.value, name)
            if (v.code == expected) null
            else "$name: expected $expected, got ${v.code} ${v.message}"
        }
        assertEquals(emptyList<String>(), failures)
    }

    @Test
    fun theChainIsCheckedAtTheSigningTimeWhenThereIsOne() {
        val expired = cmsCase("ok-expired-signer-signing-time-in-validity")
        assertEquals(TimeSource.SIGNING_TIME, expired.timeSource)
        assertEquals(1_590_969_600L, expired.signingTime)
        assertEquals(1_590_969_600L, expired.timeUsed)
        val noAttrs = cmsCase("ok-attached-pkcs7-noattrs-isn")
        assertEquals(TimeSource.NOW, noAttrs.timeSource)
        assertNull(noAttrs.signingTime)
        assertEquals(1_767_225_600L, noAttrs.timeUsed)
    }

    @Test
    fun verdictsNameTheSignerChainAndAttachedContent() {
        val content = File(cms, "content.txt").readBytes()
        val signer = certs("ok-signer.pem").single()
        val root = certs("ok-root.pem").single()
        for (name in listOf("ok-attached-gbt-attrs-isn", "ok-attached-pkcs7-attrs-ski", "ok-attached-gbt-noattrs-isn")) {
            val v = cmsCase(name)
            assertArrayEquals(content, v.content, name)
            assertArrayEquals(signer.toDer(), v.signer!!.toDer(), name)
            assertEquals(3, v.chain.size, name)
            assertArrayEquals(root.toDer(), v.chain.last().toDer(), name)
        }
        val unsorted = cmsCase("ok-detached-gbt-attrs-unsorted")
        assertNull(unsorted.content)
        assertEquals(listOf("unsorted_signed_attributes"), unsorted.leniencies)
        val view = json(unsorted.json)
        assertFalse(view["attached"].asBoolean)
        assertEquals("signing_time", view["time_source"].asString)
        assertEquals(unsorted.outerType, view["outer_type"].asString)
        assertEquals(json(unsorted.signer!!.toJson()), view["signer"].asJsonObject)
    }

    @Test
    fun detachedSignaturesNeedTheirContent() {
        val verifier = CertVerifier(certs("ok-root.pem"))
        val v = cmsVerify(File(cms, "ok-detached-gbt-attrs-isn.p7s").readBytes(), verifier, 1_767_225_600L)
        assertFalse(v.passed)
        assertEquals(ErrorCode.INVALID_ARGUMENT, v.code)
        assertEquals(ErrorCode.INVALID_ARGUMENT, v.code)
        assertNull(v.signer)
        assertNull(v.timeUsed)
    }

    @Test
    fun signThenVerifyRoundTrips() {
        val key = Sm2KeyPair.fromPem(File(x509, "keys/signer.key.pem").readText())
        val other = Sm2KeyPair.fromPem(File(x509, "keys/signer2.key.pem").readText())
        val (signer, inter) = certs("ok-signer.pem ok-intermediate.pem")
        val verifier = CertVerifier(certs("ok-root.pem"))
        val content = "电子证照 content".toByteArray()
        val signingTime = 1_767_225_600L
        for ((oids, outer) in listOf(
            null to "1.2.156.10197.6.1.4.2.2",
            CmsOids.GBT35275 to "1.2.156.10197.6.1.4.2.2",
            CmsOids.PKCS7 to "1.2.840.113549.1.7.2",
        )) {
            val p7 = cmsSign(content, key, signer, signingTime, listOf(inter), oids)
            assertArrayEquals(p7, cmsSign(content, key, signer, signingTime, listOf(inter), oids))
            val v = cmsVerify(p7, verifier, 1_900_000_000L, content)
            assertTrue(v.passed, v.message)
            assertEquals(TimeSource.SIGNING_TIME, v.timeSource)
            assertEquals(signingTime, v.timeUsed)
            assertNull(v.content)
            assertEquals(outer, v.outerType)
            assertEquals(3, v.chain.size)
            assertEquals(ErrorCode.CONTENT_DIGEST_MISMATCH, cmsVerify(p7, verifier, 1_900_000_000L, content + "!".toByteArray()).code)
        }
        val bare = cmsSign(content, key, signer, signingTime)
        assertEquals(ErrorCode.UNTRUSTED_CERTIFICATE, cmsVerify(bare, verifier, 0L, content).code)
        assertTrue(cmsVerify(bare, verifier, 0L, content, listOf(inter)).passed)
        assertEquals(ErrorCode.BAD_PRIVATE_KEY, codeOf { cmsSign(content, other, signer, signingTime) })
    }
}
