package cn.govcred

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File
import java.util.Base64
import cn.govcred.Fixtures.codeOf
import cn.govcred.Fixtures.hex
import cn.govcred.Fixtures.json
import cn.govcred.Fixtures.toHex

class ApiTest {
    @Test
    fun sm3MatchesTheStandardVectors() {
        assertEquals(
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
            sm3("abc".toByteArray()).toHex(),
        )
        assertEquals(
            "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b",
            sm3(ByteArray(0)).toHex(),
        )
    }

    @Test
    fun sm2StandardVectorVerifiesInBothFormats() {
        val v = File(Fixtures.vectors, "sm2/valid-gbt32918-5-recommended-curve.txt").readLines()
            .filter { '=' in it && !it.startsWith("#") }
            .associate { line -> line.substringBefore('=').trim() to line.substringAfter('=').trim() }
        val id = v.getValue("id_ascii").toByteArray()
        val msg = v.getValue("msg_ascii").toByteArray()
        Sm2KeyPair.fromBytes(hex(v.getValue("d"))).use { pair ->
            pair.publicKey().use { key ->
                assertArrayEquals(hex("04" + v.getValue("px") + v.getValue("py")), key.toBytes())
                val raw = hex(v.getValue("r") + v.getValue("s"))
                assertTrue(key.verify(msg, raw, id, SignatureFormat.RAW))
                assertTrue(key.verify(msg, raw, null, SignatureFormat.RAW), "the vector uses the default ID")
                assertFalse(key.verify("message digesT".toByteArray(), raw, id, SignatureFormat.RAW))
                assertFalse(key.verify(msg, raw, "ALICE123@YAHOO.COM".toByteArray(), SignatureFormat.RAW))

                val der = pair.sign(msg, id, SignatureFormat.DER)
                assertEquals(0x30, der[0].toInt())
                assertTrue(key.verify(msg, der, id, SignatureFormat.DER))
                assertTrue(key.verify(msg, pair.sign(msg)), "defaults: default ID, DER")
                assertArrayEquals(der, pair.sign(msg, null, null), "signing is deterministic")
            }
        }
    }

    @Test
    fun keysRoundTripThroughPemAndDer() {
        Sm2KeyPair.generate().use { pair ->
            val pem = pair.toPem()
            assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), pem.lineSequence().first())
            val again = Sm2KeyPair.fromPem(pem)
            assertArrayEquals(pair.publicKey().toBytes(), again.publicKey().toBytes())
            val pkcs8 = Base64.getMimeDecoder().decode(pem.lines().filter { !it.startsWith("-----") }.joinToString(""))
            assertArrayEquals(pair.publicKey().toBytes(), Sm2KeyPair.fromDer(pkcs8).publicKey().toBytes())

            val key = pair.publicKey()
            val fromPem = Sm2PublicKey.fromPem(key.toPem())
            assertArrayEquals(key.toBytes(), fromPem.toBytes())
            val spki = Base64.getMimeDecoder().decode(key.toPem().lines().filter { !it.startsWith("-----") }.joinToString(""))
            assertArrayEquals(key.toBytes(), Sm2PublicKey.fromDer(spki).toBytes())
            assertArrayEquals(sm3(key.toBytes()).copyOf(8), key.kid())
        }
    }

    @Test
    fun malformedInputThrowsWithItsCode() {
        val key = Sm2KeyPair.generate().publicKey()
        assertEquals(ErrorCode.BAD_SIGNATURE_ENCODING, codeOf { key.verify("m".toByteArray(), byteArrayOf(0x30, 0x00)) })
        assertEquals(ErrorCode.BAD_SIGNATURE_ENCODING, codeOf { key.verify("m".toByteArray(), ByteArray(63), null, SignatureFormat.RAW) })
        assertEquals(ErrorCode.BAD_PUBLIC_KEY, codeOf { Sm2PublicKey.fromBytes(ByteArray(65)) })
        assertEquals(ErrorCode.BAD_PRIVATE_KEY, codeOf { Sm2KeyPair.fromBytes(ByteArray(32)) })
        assertEquals(ErrorCode.BAD_PEM, codeOf { Sm2PublicKey.fromPem("not a key") })
        assertEquals(ErrorCode.BAD_DER, codeOf { Sm2PublicKey.fromDer(byteArrayOf(0x30, 0x01, 0x00)) })

        val e = try {
            checkUscc("91310115591693856B")
            null
        } catch (e: GovcredException.Failed) {
            e
        }
        assertEquals(ErrorCode.BAD_USCC, e!!.code)
        assertEquals(4001, e.code.value)
        assertTrue(e.message!!.contains("code=BAD_USCC"), e.message)
    }

    @Test
    fun identifierVectors() {
        val checks = mapOf<String, (String) -> String>(
            "uscc" to ::checkUscc,
            "resident_id" to ::checkResidentId,
            "license_id" to ::checkLicenseId,
        )
        var seen = 0
        for (file in listOf("valid.txt", "invalid.txt")) {
            for (line in File(Fixtures.vectors, "ids/$file").readLines()) {
                val parts = line.split(' ')
                if (line.startsWith("#") || parts.size < 3) continue
                val check = checks[parts[0]] ?: continue
                val value = parts[1]
                val expected = Fixtures.errorCode(parts[2].toInt())
                if (expected == ErrorCode.OK) {
                    val canonical = if (parts.getOrNull(3) == "-") value else parts[3]
                    assertEquals(canonical, check(value), line)
                } else {
                    assertEquals(expected, codeOf { check(value) }, line)
                }
                seen++
            }
        }
        assertTrue(seen >= 40, "only $seen identifier cases")
    }

    @Test
    fun issueBuildAndVerifyEndToEnd() {
        val now = Fixtures.NOW
        val root = Sm2KeyPair.generate()
        val licenseKey = Sm2KeyPair.generate()
        val healthKey = Sm2KeyPair.generate()
        val spec = """
            {"version": 7, "issuers": [
              {"name": "杭州市市场监督管理局", "uscc": "1133010000250187XG", "region": "330100",
               "public_key": ${com.google.gson.JsonPrimitive(licenseKey.publicKey().toPem())},
               "kinds": ["license"], "license_types": ["11100000000013338W001"],
               "valid_from": ${now - 86_400}, "valid_until": ${now + 365 * 86_400}},
              {"name": "国家卫生健康委员会", "uscc": "11100000000013338W", "region": "110000",
               "public_key": "${healthKey.publicKey().toBytes().toHex()}",
               "kinds": ["health_code"],
               "valid_from": ${now - 86_400}, "valid_until": ${now + 365 * 86_400}}
            ]}
        """.trimIndent()
        val bundleBytes = buildTrustBundle(spec, root, now)
        val bundle = TrustBundle.load(bundleBytes, listOf(Sm2KeyPair.generate().publicKey(), root.publicKey()))
        assertEquals(7uL, bundle.version())
        assertEquals(2uL, bundle.issuerCount())
        assertEquals(ErrorCode.BUNDLE_SIGNATURE_INVALID, codeOf { TrustBundle.load(bundleBytes, listOf(licenseKey.publicKey())) })

        Verifier(bundle, Policy()).use { verifier ->
            val licenseJson = File(Fixtures.examples, "business_license.json").readText()
            val qr = LicenseIssuer(licenseKey).issue(licenseJson, now)
            assertTrue(qr.startsWith("EL1:"), qr)
            val verdict = verifier.verify(qr, now)
            assertTrue(verdict.passed, verdict.toString())
            assertEquals("杭州市市场监督管理局", verdict.issuer)
            assertEquals("杭州云栖数据科技有限公司", json(verdict.credentialJson!!)["holder_name"].asString)

            // The health issuer may not sign licenses.
            val forged = LicenseIssuer(healthKey).issue(licenseJson, now)
            assertEquals(ErrorCode.ISSUER_NOT_ALLOWED, verifier.verify(forged, now).code)

            val request = """
                {"kind": "health", "color": "%s", "serial": "HZ-0001",
                 "holder": {"name": "张三丰", "sex": "male", "nationality": "CHN",
                            "id_type": "resident_id", "id_number": "11010519491231002X",
                            "region": "110105"}}
            """.trimIndent()
            val issuer = ColorCodeIssuer(healthKey, "11100000000013338W", ByteArray(32) { 7 })
            val green = verifier.verify(issuer.issue(request.format("green"), now), now + 60)
            assertTrue(green.passed, green.toString())
            assertEquals(CredentialKind.HEALTH_CODE, green.kind)
            val code = json(green.credentialJson!!)
            assertEquals("张*丰", code["holder_name_masked"].asString)
            assertEquals(issuer.idDigest("11010519491231002X").toHex(), code["holder_id_digest"].asString)
            assertEquals(ErrorCode.COLOR_NOT_ACCEPTED, verifier.verify(issuer.issue(request.format("red"), now), now).code)
            assertEquals(ErrorCode.EXPIRED, verifier.verify(issuer.issue(request.format("green"), now), now + 3600).code)

            assertEquals(ErrorCode.BAD_JSON, codeOf { issuer.issue("{", now) })
            assertEquals(ErrorCode.BAD_RESIDENT_ID, codeOf { issuer.issue(request.format("green").replace("002X", "0021"), now) })
            assertEquals(ErrorCode.INVALID_ARGUMENT, codeOf { ColorCodeIssuer(healthKey, "11100000000013338W", ByteArray(31)) })
            assertEquals(ErrorCode.BAD_USCC, codeOf { ColorCodeIssuer(healthKey, "11100000000013338X") })
        }
    }
}
