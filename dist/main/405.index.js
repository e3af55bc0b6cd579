export const id = 405;
export const ids = [405];
export const modules = {

/***/ 5767:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

var __webpack_unused_export__;

__webpack_unused_export__ = ({ value: true });
exports.K = void 0;
/* eslint-disable @typescript-eslint/no-unused-vars */
/*
 * Copyright (c) 2018 Tencent. All Rights Reserved.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing,
 * software distributed under the License is distributed on an
 * "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
 * KIND, either express or implied.  See the License for the
 * specific language governing permissions and limitations
 * under the License.
 */
const abstract_client_1 = __webpack_require__(1212);
/**
 * kms client
 * @class
 */
class Client extends abstract_client_1.AbstractClient {
    constructor(clientConfig) {
        super("kms.tencentcloudapi.com", "2019-01-18", clientConfig);
    }
    /**
     * 用于查询数据密钥的列表
     */
    async ListDataKeys(req, cb) {
        return this.request("ListDataKeys", req, cb);
    }
    /**
     * 使用后量子密码算法密钥对签名进行验证。
     */
    async PostQuantumCryptoVerify(req, cb) {
        return this.request("PostQuantumCryptoVerify", req, cb);
    }
    /**
     * 本接口用于加密最多为4KB任意数据，可用于加密数据库密码，RSA Key，或其它较小的敏感信息。对于应用的数据加密，使用GenerateDataKey生成的DataKey进行本地数据的加解密操作
     */
    async Encrypt(req, cb) {
        return this.request("Encrypt", req, cb);
    }
    /**
     * 本接口用于解密密文，得到明文数据。
     */
    async Decrypt(req, cb) {
        return this.request("Decrypt", req, cb);
    }
    /**
     * 用于修改CMK的别名。对于处于PendingDelete状态的CMK禁止修改。
     */
    async UpdateAlias(req, cb) {
        return this.request("UpdateAlias", req, cb);
    }
    /**
     * 删除白盒密钥, 注意：必须先禁用后，才可以删除。
     */
    async DeleteWhiteBoxKey(req, cb) {
        return this.request("DeleteWhiteBoxKey", req, cb);
    }
    /**
     * 用于导入密钥材料。只有类型为EXTERNAL 的CMK 才可以导入，导入的密钥材料使用 GetParametersForImport 获取的密钥进行加密。可以为指定的 CMK 重新导入密钥材料，并重新指定过期时间，但必须导入相同的密钥材料。CMK 密钥材料导入后不可以更换密钥材料。导入的密钥材料过期或者被删除后，指定的CMK将无法使用，需要再次导入相同的密钥材料才能正常使用。CMK是独立的，同样的密钥材料可导入不同的 CMK 中，但使用其中一个 CMK 加密的数据无法使用另一个 CMK解密。
只有Enabled 和 PendingImport状态的CMK可以导入密钥材料。
     */
    async ImportKeyMaterial(req, cb) {
        return this.request("ImportKeyMaterial", req, cb);
    }
    /**
     * 获取数据密钥的详情
     */
    async DescribeDataKey(req, cb) {
        return this.request("DescribeDataKey", req, cb);
    }
    /**
     * 该接口用于获取非对称密钥的公钥信息，可用于本地数据加密或验签。只有处于Enabled状态的非对称密钥才可能获取公钥。
     */
    async GetPublicKey(req, cb) {
        return this.request("GetPublicKey", req, cb);
    }
    /**
     * 本接口用于禁用一个主密钥，处于禁用状态的Key无法用于加密、解密操作。
     */
    async DisableKey(req, cb) {
        return this.request("DisableKey", req, cb);
    }
    /**
     * 本接口生成一个数据密钥，您可以用这个密钥进行本地数据的加密。
     */
    async GenerateDataKey(req, cb) {
        return this.request("GenerateDataKey", req, cb);
    }
    /**
     * 用于查询该用户是否已开通KMS服务
     */
    async GetServiceStatus(req, cb) {
        return this.request("GetServiceStatus", req, cb);
    }
    /**
     * 获取数据密钥明文
     */
    async GetDataKeyPlaintext(req, cb) {
        return this.request("GetDataKeyPlaintext", req, cb);
    }
    /**
     * 使用指定的SM2非对称密钥的私钥进行数据解密，密文必须是使用对应公钥加密的。处于Enabled 状态的非对称密钥才能进行解密操作。传入的密文的长度不能超过256字节。
     */
    async AsymmetricSm2Decrypt(req, cb) {
        return this.request("AsymmetricSm2Decrypt", req, cb);
    }
    /**
     * 本接口使用后量子密码算法密钥，可加密最多为4KB任意数据，可用于加密数据库密码，RSA Key，或其它较小的敏感信息。对于应用的数据加密，使用GenerateDataKey生成的DataKey进行本地数据的加解密操作。
     */
    async PostQuantumCryptoEncrypt(req, cb) {
        return this.request("PostQuantumCryptoEncrypt", req, cb);
    }
    /**
     * 取消CMK的计划删除操作
     */
    async CancelKeyDeletion(req, cb) {
        return this.request("CancelKeyDeletion", req, cb);
    }
    /**
     * 查询指定的CMK是否开启了密钥轮换功能。
     */
    async GetKeyRotationStatus(req, cb) {
        return this.request("GetKeyRotationStatus", req, cb);
    }
    /**
     * 计划删除数据密钥
     */
    async ScheduleDataKeyDeletion(req, cb) {
        return this.request("ScheduleDataKeyDeletion", req, cb);
    }
    /**
     * 获取白盒密钥列表
     */
    async DescribeWhiteBoxKeyDetails(req, cb) {
        return this.request("DescribeWhiteBoxKeyDetails", req, cb);
    }
    /**
     * 记录当前key被哪个云产品的那个资源所使用。如果当前key设置了自动过期，则取消该设置，确保当前key不会自动失效。如果当前关联关系已经创建，也返回成功。
     */
    async BindCloudResource(req, cb) {
        return this.request("BindCloudResource", req, cb);
    }
    /**
     * 覆盖指定密钥的设备指纹信息
     */
    async OverwriteWhiteBoxDeviceFingerprints(req, cb) {
        return this.request("OverwriteWhiteBoxDeviceFingerprints", req, cb);
    }
    /**
     * 对密钥进行归档，被归档的密钥只能用于解密，不能加密
     */
    async ArchiveKey(req, cb) {
        return this.request("ArchiveKey", req, cb);
    }
    /**
     * 修改数据密钥描述
     */
    async UpdateDataKeyDescription(req, cb) {
        return this.request("UpdateDataKeyDescription", req, cb);
    }
    /**
     * 修改数据密钥名称
     */
    async UpdateDataKeyName(req, cb) {
        return this.request("UpdateDataKeyName", req, cb);
    }
    /**
     * 非对称密钥签名。
注意：只有 KeyUsage 为 ASYMMETRIC_SIGN_VERIFY_SM2、ASYMMETRIC_SIGN_VERIFY_ECC 或其他支持的 ASYMMETRIC_SIGN_VERIFY_${ALGORITHM} 的密钥才可以使用签名功能。
     */
    async SignByAsymmetricKey(req, cb) {
        return this.request("SignByAsymmetricKey", req, cb);
    }
    /**
     * 该接口用于批量禁止CMK的使用。
     */
    async DisableKeys(req, cb) {
        return this.request("DisableKeys", req, cb);
    }
    /**
     * 取消计划删除数据密钥
     */
    async CancelDataKeyDeletion(req, cb) {
        return this.request("CancelDataKeyDeletion", req, cb);
    }
    /**
     * 使用指定CMK对密文重新加密。
     */
    async ReEncrypt(req, cb) {
        return this.request("ReEncrypt", req, cb);
    }
    /**
     * 批量启用白盒密钥
     */
    async EnableWhiteBoxKeys(req, cb) {
        return this.request("EnableWhiteBoxKeys", req, cb);
    }
    /**
     * 列出当前Region支持的加密方式
     */
    async ListAlgorithms(req, cb) {
        return this.request("ListAlgorithms", req, cb);
    }
    /**
     * 用于获取指定KeyId的主密钥属性详情信息。
     */
    async DescribeKey(req, cb) {
        return this.request("DescribeKey", req, cb);
    }
    /**
     * 列出账号下面状态为Enabled， Disabled 和 PendingImport 的CMK KeyId 列表
     */
    async ListKeys(req, cb) {
        return this.request("ListKeys", req, cb);
    }
    /**
     * 随机数生成接口。
     */
    async GenerateRandom(req, cb) {
        return this.request("GenerateRandom", req, cb);
    }
    /**
     * 下载数据密钥密文
     */
    async GetDataKeyCiphertextBlob(req, cb) {
        return this.request("GetDataKeyCiphertextBlob", req, cb);
    }
    /**
     * 本接口使用后量子密码算法密钥，解密密文，并得到明文数据。
     */
    async PostQuantumCryptoDecrypt(req, cb) {
        return this.request("PostQuantumCryptoDecrypt", req, cb);
    }
    /**
     * 使用非对称密钥验签
     */
    async VerifyByAsymmetricKey(req, cb) {
        return this.request("VerifyByAsymmetricKey", req, cb);
    }
    /**
     * 批量启用数据密钥
     */
    async EnableDataKeys(req, cb) {
        return this.request("EnableDataKeys", req, cb);
    }
    /**
     * 数据密钥导入接口，并托管到KMS
     */
    async ImportDataKey(req, cb) {
        return this.request("ImportDataKey", req, cb);
    }
    /**
     * 创建用户管理数据密钥的主密钥CMK（Custom Master Key）。
     */
    async CreateKey(req, cb) {
        return this.request("CreateKey", req, cb);
    }
    /**
     * 展示白盒密钥的信息
     */
    async DescribeWhiteBoxKey(req, cb) {
        return this.request("DescribeWhiteBoxKey", req, cb);
    }
    /**
     * 使用白盒密钥进行加密
     */
    async EncryptByWhiteBox(req, cb) {
        return this.request("EncryptByWhiteBox", req, cb);
    }
    /**
     * 获取导入主密钥（CMK）材料的参数，返回的Token作为执行ImportKeyMaterial的参数之一，返回的PublicKey用于对自主导入密钥材料进行加密。返回的Token和PublicKey 24小时后失效，失效后如需重新导入，需要再次调用该接口获取新的Token和PublicKey。
     */
    async GetParametersForImport(req, cb) {
        return this.request("GetParametersForImport", req, cb);
    }
    /**
     * 批量禁用白盒密钥
     */
    async DisableWhiteBoxKeys(req, cb) {
        return this.request("DisableWhiteBoxKeys", req, cb);
    }
    /**
     * 禁用数据密钥
     */
    async DisableDataKey(req, cb) {
        return this.request("DisableDataKey", req, cb);
    }
    /**
     * 返回数据密钥属性信息列表
     */
    async DescribeDataKeys(req, cb) {
        return this.request("DescribeDataKeys", req, cb);
    }
    /**
     * 对指定的CMK禁止密钥轮换功能。
     */
    async DisableKeyRotation(req, cb) {
        return this.request("DisableKeyRotation", req, cb);
    }
    /**
     * 对指定的CMK（用户主密钥）执行立即轮转操作。可以通过调用DescribeKey，返回上次轮转时间和下次轮转时间，判断是否轮转成功。
     */
    async RotateKey(req, cb) {
        return this.request("RotateKey", req, cb);
    }
    /**
     * 根据指定Offset和Limit获取主密钥列表详情。
     */
    async ListKeyDetail(req, cb) {
        return this.request("ListKeyDetail", req, cb);
    }
    /**
     * 禁用白盒密钥
     */
    async DisableWhiteBoxKey(req, cb) {
        return this.request("DisableWhiteBoxKey", req, cb);
    }
    /**
     * 该接口用于批量启用CMK。
     */
    async EnableKeys(req, cb) {
        return this.request("EnableKeys", req, cb);
    }
    /**
     * CMK计划删除接口，用于指定CMK删除的时间，可选时间区间为[7,30]天
     */
    async ScheduleKeyDeletion(req, cb) {
        return this.request("ScheduleKeyDeletion", req, cb);
    }
    /**
     * 获取指定密钥的设备指纹列表
     */
    async DescribeWhiteBoxDeviceFingerprints(req, cb) {
        return this.request("DescribeWhiteBoxDeviceFingerprints", req, cb);
    }
    /**
     * 使用指定的RSA非对称密钥的私钥进行数据解密，密文必须是使用对应公钥加密的。处于Enabled 状态的非对称密钥才能进行解密操作。
     */
    async AsymmetricRsaDecrypt(req, cb) {
        return this.request("AsymmetricRsaDecrypt", req, cb);
    }
    /**
     * 删除指定（key, 资源，云产品）的记录，以表明：指定的云产品的资源已不再使用当前的key。
     */
    async UnbindCloudResource(req, cb) {
        return this.request("UnbindCloudResource", req, cb);
    }
    /**
     * 对指定的CMK开启密钥轮换功能。
     */
    async EnableKeyRotation(req, cb) {
        return this.request("EnableKeyRotation", req, cb);
    }
    /**
     * 创建白盒密钥。 密钥个数的上限为 50。
     */
    async CreateWhiteBoxKey(req, cb) {
        return this.request("CreateWhiteBoxKey", req, cb);
    }
    /**
     * 启用数据密钥
     */
    async EnableDataKey(req, cb) {
        return this.request("EnableDataKey", req, cb);
    }
    /**
     * 启用白盒密钥
     */
    async EnableWhiteBoxKey(req, cb) {
        return this.request("EnableWhiteBoxKey", req, cb);
    }
    /**
     * 用于启用一个指定的CMK。
     */
    async EnableKey(req, cb) {
        return this.request("EnableKey", req, cb);
    }
    /**
     * 用于删除导入的密钥材料，仅对EXTERNAL类型的CMK有效，该接口将CMK设置为PendingImport 状态，并不会删除CMK，在重新进行密钥导入后可继续使用。彻底删除CMK请使用 ScheduleKeyDeletion 接口。
     */
    async DeleteImportedKeyMaterial(req, cb) {
        return this.request("DeleteImportedKeyMaterial", req, cb);
    }
    /**
     * 该接口用于批量获取主密钥属性信息。
     */
    async DescribeKeys(req, cb) {
        return this.request("DescribeKeys", req, cb);
    }
    /**
     * 获取白盒密钥服务状态
     */
    async DescribeWhiteBoxServiceStatus(req, cb) {
        return this.request("DescribeWhiteBoxServiceStatus", req, cb);
    }
    /**
     * 该接口用于对指定的cmk修改描述信息。对于处于PendingDelete状态的CMK禁止修改。
     */
    async UpdateKeyDescription(req, cb) {
        return this.request("UpdateKeyDescription", req, cb);
    }
    /**
     * 取消密钥归档，取消后密钥的状态变为Enabled。
     */
    async CancelKeyArchive(req, cb) {
        return this.request("CancelKeyArchive", req, cb);
    }
    /**
     * 获取白盒解密密钥
     */
    async DescribeWhiteBoxDecryptKey(req, cb) {
        return this.request("DescribeWhiteBoxDecryptKey", req, cb);
    }
    /**
     * 使用后量子密码算法签名验签密钥进行签名。
     */
    async PostQuantumCryptoSign(req, cb) {
        return this.request("PostQuantumCryptoSign", req, cb);
    }
    /**
     * 获取可以提供KMS服务的地域列表
     */
    async GetRegions(req, cb) {
        return this.request("GetRegions", req, cb);
    }
    /**
     * 根据指定Offset和Limit获取数据密钥列表详情。
     */
    async ListDataKeyDetail(req, cb) {
        return this.request("ListDataKeyDetail", req, cb);
    }
    /**
     * 批量禁用数据密钥
     */
    async DisableDataKeys(req, cb) {
        return this.request("DisableDataKeys", req, cb);
    }
}
exports.K = Client;


/***/ }),

/***/ 7405:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  certificateMode: () => (/* binding */ certificateMode)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 9 modules
var core = __webpack_require__(497);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(7242);
// EXTERNAL MODULE: ./src/delivery/deliver.ts + 22 modules
var deliver = __webpack_require__(5562);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: ./src/ssh-key/key-pair.ts
var key_pair = __webpack_require__(3008);
// EXTERNAL MODULE: ./src/tencent-api/client-config.ts
var client_config = __webpack_require__(7280);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/printable.ts
var printable = __webpack_require__(5260);
// EXTERNAL MODULE: ./src/settings/run-context.ts
var run_context = __webpack_require__(6058);
// EXTERNAL MODULE: ./src/ssh-key/openssh-encode.ts
var openssh_encode = __webpack_require__(4213);
// EXTERNAL MODULE: ./src/ssh-key/public-key.ts
var public_key = __webpack_require__(9113);
// EXTERNAL MODULE: ./src/ssh-key/wire.ts
var wire = __webpack_require__(1351);
;// CONCATENATED MODULE: ./src/certificate/ca-key.ts





const P256 = wire/* EC_CURVES */.iD.find((curve) => curve.sshName === 'nistp256');
/** OID 1.2.156.10197.1.301 (SM2), DER-encoded: KMS's default asymmetric key, unnamed by node. */
const SM2_CURVE_OID = Buffer.from('06082a811ccf5501822d', 'hex');
const EXPECTED = 'an asymmetric signing key of type EC P-256 (ECC_P256) or RSA (RSA_2048 and up)';
function caError(keyId, detail) {
    return new errors/* ActionError */.lZ(`The KMS key '${(0,printable/* oneLine */.T)(keyId)}' in '${constants/* Inputs */.G0.CaKmsKeyId}' cannot be an SSH CA: ${detail}; ` +
        `expected ${EXPECTED}.`);
}
/** Reads the CA's public key; refuses anything OpenSSH cannot use as a CA, naming the input. */
function caKeyFromSpki(spki, keyId) {
    let key;
    try {
        key = (0,external_node_crypto_.createPublicKey)({ key: spki, format: 'der', type: 'spki' });
    }
    catch {
        // node:crypto's message could quote the input; the input is public, but says nothing useful.
        throw caError(keyId, 'KMS returned a public key that is not DER SubjectPublicKeyInfo');
    }
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (P256 && key.asymmetricKeyType === 'ec' && curve === P256.opensslName) {
        const jwk = key.export({ format: 'jwk' });
        const point = Buffer.concat([Buffer.from([4]), jwkBytes(jwk.x), jwkBytes(jwk.y)]);
        return caKey('ECC_P256_R1', (0,wire/* ecdsaPublicBlob */.Pl)(P256, point), key);
    }
    if (key.asymmetricKeyType === 'rsa') {
        const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
        if (bits < 2048)
            throw caError(keyId, `its RSA key has ${bits} bits`);
        const jwk = key.export({ format: 'jwk' });
        const blob = (0,wire/* rsaPublicBlob */.XE)((0,wire/* bigintFromBytes */.hu)(jwkBytes(jwk.e)), (0,wire/* bigintFromBytes */.hu)(jwkBytes(jwk.n)));
        return caKey('RSA_PKCS1_SHA_256', blob, key);
    }
    if (spki.includes(SM2_CURVE_OID))
        throw caError(keyId, 'it is an SM2 key, which SSH cannot use');
    const kind = `${key.asymmetricKeyType ?? 'unknown'}${curve ? ` (curve ${curve})` : ''}`;
    throw caError(keyId, `it is a key of type ${(0,printable/* oneLine */.T)(kind)}`);
}
function caKey(algorithm, blob, key) {
    const type = algorithm === 'ECC_P256_R1' ? 'ecdsa-sha2-nistp256' : 'ssh-rsa';
    return { algorithm, blob, line: `${type} ${blob.toString('base64')}`, key };
}
function jwkBytes(value) {
    return Buffer.from(value ?? '', 'base64url');
}
/**
 * KMS's signature as an SSH signature blob. ECDSA: DER SEQUENCE { r, s } becomes
 * string("ecdsa-sha2-nistp256") string(mpint r, mpint s). RSA: PKCS#1 v1.5 bytes as they are,
 * under the name OpenSSH accepts for a CA (SHA-1 `ssh-rsa` it refuses).
 * Returns undefined for a DER value that is not two positive integers.
 */
function sshSignatureBlob(algorithm, signature) {
    if (algorithm === 'RSA_PKCS1_SHA_256') {
        return Buffer.concat([(0,wire/* wireString */.f9)('rsa-sha2-256'), (0,wire/* wireString */.f9)(signature)]);
    }
    const pair = derEcdsaSignature(signature);
    if (!pair)
        return undefined;
    const inner = Buffer.concat([(0,wire/* wireMpint */.KL)(pair.r), (0,wire/* wireMpint */.KL)(pair.s)]);
    return Buffer.concat([(0,wire/* wireString */.f9)('ecdsa-sha2-nistp256'), (0,wire/* wireString */.f9)(inner)]);
}
/** A strict reader for DER `SEQUENCE { INTEGER r, INTEGER s }` with short-form lengths. */
function derEcdsaSignature(der) {
    if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2)
        return undefined;
    let offset = 2;
    const integer = () => {
        const length = der[offset + 1] ?? 0;
        if (der[offset] !== 0x02 || length < 1 || length > 33)
            return undefined;
        const bytes = der.subarray(offset + 2, offset + 2 + length);
        offset += 2 + length;
        if (bytes.length !== length || (bytes[0] ?? 0) & 0x80)
            return undefined;
        // DER is minimal: a leading zero only where the next byte's top bit is set.
        if (length > 1 && bytes[0] === 0 && !((bytes[1] ?? 0) & 0x80))
            return undefined;
        const value = (0,wire/* bigintFromBytes */.hu)(bytes);
        return value > 0n ? value : undefined;
    };
    const r = integer();
    const s = integer();
    return r !== undefined && s !== undefined && offset === der.length ? { r, s } : undefined;
}

;// CONCATENATED MODULE: ./src/certificate/cert-builder.ts

/**
 * An OpenSSH user certificate for an Ed25519 key (PROTOCOL.certkeys,
 * `ssh-ed25519-cert-v01@openssh.com`). Pure: the caller supplies the random nonce and serial and
 * the clock, and the CA's signature over `toBeSigned`.
 */
const CERT_TYPE = 'ssh-ed25519-cert-v01@openssh.com';
/** SSH2_CERT_TYPE_USER; 2 would be a host certificate. */
const USER_CERT = 1;
/** What ssh, scp, rsync and jump hosts need, and no more (no agent or X11 forwarding). */
const DEFAULT_EXTENSIONS = ['permit-port-forwarding', 'permit-pty'];
/** The certificate up to and including the signature key: what the CA signs. */
function toBeSigned(fields) {
    const options = fields.sourceAddresses.length
        ? [['source-address', fields.sourceAddresses.join(',')]]
        : [];
    const extensions = (fields.extensions ?? DEFAULT_EXTENSIONS).map((name) => [
        name,
        '',
    ]);
    return Buffer.concat([
        (0,wire/* wireString */.f9)(CERT_TYPE),
        (0,wire/* wireString */.f9)(fields.nonce),
        (0,wire/* wireString */.f9)(fields.publicKey),
        uint64(fields.serial),
        uint32(USER_CERT),
        (0,wire/* wireString */.f9)(fields.keyId),
        (0,wire/* wireString */.f9)(Buffer.concat(fields.principals.map((name) => (0,wire/* wireString */.f9)(name)))),
        uint64(fields.validAfter),
        uint64(fields.validBefore),
        (0,wire/* wireString */.f9)(namedList(options)),
        (0,wire/* wireString */.f9)(namedList(extensions)),
        (0,wire/* wireString */.f9)(Buffer.alloc(0)), // reserved
        (0,wire/* wireString */.f9)(fields.caBlob),
    ]);
}
/** The complete certificate blob: the signed part and the CA's SSH signature blob. */
function signedCertificate(signed, signatureBlob) {
    return Buffer.concat([signed, (0,wire/* wireString */.f9)(signatureBlob)]);
}
/** `ssh-ed25519-cert-v01@openssh.com AAAA... comment`: the `-cert.pub` file's line. */
function certificateLine(certificate, comment) {
    return `${CERT_TYPE} ${certificate.toString('base64')}${comment ? ` ${comment}` : ''}`;
}
/**
 * Options and extensions: sorted by name (OpenSSH refuses them out of order), each name
 * followed by its data as a string; a non-empty value is itself a string inside it.
 */
function namedList(entries) {
    const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Buffer.concat(sorted.map(([name, value]) => Buffer.concat([
        (0,wire/* wireString */.f9)(name),
        (0,wire/* wireString */.f9)(value === '' ? Buffer.alloc(0) : (0,wire/* wireString */.f9)(value)),
    ])));
}
function uint32(value) {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(value);
    return bytes;
}
function uint64(value) {
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64BE(BigInt.asUintN(64, value));
    return bytes;
}

;// CONCATENATED MODULE: ./src/certificate/key-id.ts
/**
 * sshd logs a certificate's key ID on every login (`ID ... (serial ...) CA ...`), and a KRL can
 * revoke by it: so it names the job that holds the certificate. One line of printable ASCII,
 * `repo=owner/name run=42 attempt=1 ref=refs/heads/main sha=<commit>`.
 */
/** Long enough for GitHub's longest names and a ref; keeps sshd's log line bounded. */
const MAX_FIELD = 160;
function certificateKeyId(run, revision) {
    const fields = [
        ['repo', run.repository],
        ['run', run.runId],
        ['attempt', run.runAttempt],
        ['ref', revision.ref],
        ['sha', revision.sha],
    ];
    return fields.map(([name, value]) => `${name}=${field(String(value))}`).join(' ');
}
/** Spaces would make the fields ambiguous, anything unprintable could forge a log line. */
function field(value) {
    const printable = value.replace(/[^\x21-\x7e]/g, '?');
    return printable.length > MAX_FIELD
        ? `${printable.slice(0, MAX_FIELD - 3)}...`
        : printable || '?';
}

;// CONCATENATED MODULE: ./src/certificate/issue.ts











/** Servers' clocks may be behind the runner's: the certificate is valid from a minute ago. */
const CLOCK_SKEW_SECONDS = 60n;
async function issueCertificate(settings, signer, options = {}) {
    checkPrincipals(settings.principals);
    const random = options.random ?? external_node_crypto_.randomBytes;
    const now = BigInt(Math.floor((options.now ?? new Date()).getTime() / 1000));
    const keyId = options.keyId ?? certificateKeyId((0,run_context/* readRunContext */.$p)(), (0,run_context/* readJobRevision */.xc)());
    const ca = caKeyFromSpki(await signer.publicKey(), settings.caKeyId);
    const key = ephemeralKey();
    const serial = randomSerial(random);
    const validAfter = now - CLOCK_SKEW_SECONDS;
    const validBefore = now + BigInt(settings.lifetimeSeconds);
    const signed = toBeSigned({
        nonce: random(32),
        publicKey: key.rawPublic,
        serial,
        keyId,
        principals: settings.principals,
        validAfter,
        validBefore,
        sourceAddresses: settings.sourceAddresses,
        caBlob: ca.blob,
    });
    const signature = await signer.sign(signed, ca.algorithm);
    const signatureBlob = checkedSignature(ca, signed, signature, settings.caKeyId);
    const comment = (0,openssh_encode/* printableComment */.Jc)(`tencentcloud-kms-ca:${settings.caKeyId} serial=${serial}`);
    const publicBlob = (0,wire/* ed25519PublicBlob */.cj)(key.rawPublic);
    return {
        privateKey: (0,openssh_encode/* encodeOpenSshPrivateKey */.rb)(key.pkcs8, comment),
        publicKey: (0,public_key/* publicKeyLine */.Z)(publicBlob, comment),
        certificate: certificateLine(signedCertificate(signed, signatureBlob), comment),
        caPublicKey: ca.line,
        fingerprint: (0,wire/* fingerprintOf */.ax)(publicBlob),
        keyId,
        serial,
        validAfter: new Date(Number(validAfter) * 1000),
        validBefore: new Date(Number(validBefore) * 1000),
    };
}
/** OpenSSH reads a certificate without principals as valid for every user: never issue one. */
function checkPrincipals(principals) {
    if (principals.length === 0) {
        throw new errors/* ActionError */.lZ(`'${constants/* Inputs */.G0.CertificatePrincipals}' is empty: a certificate without principals would be ` +
            'valid for every user on the servers. Give the server user names, one a line.');
    }
}
/** A new Ed25519 key: its 32-byte public key, and the private key as PKCS#8 PEM (secret). */
function ephemeralKey() {
    const pair = (0,external_node_crypto_.generateKeyPairSync)('ed25519');
    return {
        rawPublic: Buffer.from(pair.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url'),
        pkcs8: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    };
}
/** 64 random bits; never 0, which a KRL cannot revoke by serial. */
function randomSerial(random) {
    const serial = random(8).readBigUInt64BE(0);
    return serial === 0n ? 1n : serial;
}
/** KMS's signature as the SSH signature blob, once it verifies against the CA's public key. */
function checkedSignature(ca, signed, signature, keyId) {
    const fail = (detail) => new errors/* ActionError */.lZ(`KMS's signature with '${(0,printable/* oneLine */.T)(keyId)}' ('${constants/* Inputs */.G0.CaKmsKeyId}') ${detail}: the ` +
        `certificate would not be accepted by any server. Check that '${constants/* Inputs */.G0.KmsEndpoint}' is ` +
        'Tencent Cloud KMS and that no proxy rewrites its responses.');
    if (ca.algorithm === 'ECC_P256_R1') {
        const pair = derEcdsaSignature(signature);
        const blob = sshSignatureBlob(ca.algorithm, signature);
        if (!pair || !blob || pair.r >= 1n << 256n || pair.s >= 1n << 256n) {
            throw fail('is not a DER ECDSA signature');
        }
        const p1363 = Buffer.concat([(0,wire/* bytesFromBigint */.ln)(pair.r, 32), (0,wire/* bytesFromBigint */.ln)(pair.s, 32)]);
        if (!(0,external_node_crypto_.verify)('sha256', signed, { key: ca.key, dsaEncoding: 'ieee-p1363' }, p1363)) {
            throw fail('does not verify against its public key');
        }
        return blob;
    }
    // OpenSSH pads a short RSA signature to the modulus; OpenSSL wants the full length.
    const size = Math.ceil((ca.key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    if (signature.length === 0 || signature.length > size)
        throw fail('has the wrong length');
    const full = Buffer.concat([Buffer.alloc(size - signature.length), signature]);
    if (!(0,external_node_crypto_.verify)('sha256', signed, ca.key, full)) {
        throw fail('does not verify against its public key');
    }
    const blob = sshSignatureBlob(ca.algorithm, full);
    if (!blob)
        throw fail('is not an RSA signature');
    return blob;
}

// EXTERNAL MODULE: ./node_modules/tencentcloud-sdk-nodejs/tencentcloud/services/kms/v20190118/kms_client.js
var kms_client = __webpack_require__(5767);
// EXTERNAL MODULE: ./src/tencent-api/answer-fields.ts
var answer_fields = __webpack_require__(3900);
// EXTERNAL MODULE: ./src/tencent-api/call.ts + 1 modules
var tencent_api_call = __webpack_require__(2873);
// EXTERNAL MODULE: ./src/tencent-api/describe-failure.ts
var describe_failure = __webpack_require__(7284);
;// CONCATENATED MODULE: ./src/certificate/kms-advice.ts

/** The CAM actions the CA needs, on the one key. */
const KMS_CAM_ACTIONS = ['kms:SignByAsymmetricKey', 'kms:GetPublicKey'];
const KEY_INPUT = "'ca-kms-key-id'";
const SIGNING_USAGES = 'ASYMMETRIC_SIGN_VERIFY_ECC (an EC P-256 key, signing as ecdsa-sha2-nistp256) or ' +
    'ASYMMETRIC_SIGN_VERIFY_RSA_2048 (signing as rsa-sha2-256)';
const CREDENTIALS = 'Check secret-id and secret-key (or the TENCENTCLOUD_* variables), or the keyless role.';
const THROTTLED = () => "KMS throttled every attempt: raise 'max-attempts' or stagger parallel jobs.";
const ENDPOINT = (ctx) => `Check that 'kms-endpoint' (${ctx.endpoint}) is a Tencent Cloud KMS endpoint (API 2019-01-18) ` +
    'such as kms.tencentcloudapi.com, and that no proxy rewrites requests.';
const MISSING = (ctx) => `The KMS key '${ctx.keyId}' does not exist in region ${ctx.region}: check ${KEY_INPUT} and ` +
    "'region' (a KMS key lives in the region where it was created).";
const DISABLED = (ctx) => `The KMS key '${ctx.keyId}' is disabled: enable it in the KMS console (or with EnableKey).`;
const NOT_ENABLED = (ctx) => `The KMS key '${ctx.keyId}' is not in the Enabled state (disabled, pending deletion or ` +
    'archived): enable it, cancel its deletion or archiving in the KMS console.';
const USAGE = (ctx) => `The KMS key '${ctx.keyId}' cannot sign SSH certificates: its key usage must be ` +
    `${SIGNING_USAGES}. A key's usage cannot be changed: create a new key with one of these ` +
    `usages and set ${KEY_INPUT} to it.`;
const POLICY = (ctx) => `The CAM identity (${ctx.credentialSource}) lacks permission: its policy must allow ` +
    `${KMS_CAM_ACTIONS.join(' and ')} on the key ` +
    `(qcs::kms:${ctx.region}:uin/<account>:key/creatorUin/<creator-uin>/${ctx.keyId}).`;
/**
 * What to do next, by error code: the codes Tencent documents for GetPublicKey and
 * SignByAsymmetricKey, the KMS key states, and the common codes that need KMS words.
 */
const ADVICE = {
    'ResourceUnavailable.CmkNotFound': MISSING,
    ResourceNotFound: MISSING,
    'InvalidParameterValue.InvalidKeyId': (ctx) => `${KEY_INPUT} ('${ctx.keyId}') is not a KMS key ID: use the key's ID (a UUID such as ` +
        '1234abcd-12ab-34cd-56ef-1234567890ab) from the KMS console.',
    'ResourceUnavailable.CmkDisabled': DISABLED,
    'ResourceUnavailable.KeyDisabled': DISABLED,
    'ResourceUnavailable.CmkStateNotSupport': NOT_ENABLED,
    'ResourceUnavailable.CmkArchived': (ctx) => `The KMS key '${ctx.keyId}' is archived: cancel the archiving in the KMS console.`,
    'ResourceUnavailable.NotPurchased': () => 'KMS is not activated for this account: activate it in the Tencent Cloud console first.',
    ResourceUnavailable: NOT_ENABLED,
    'InvalidParameterValue.InvalidKeyUsage': USAGE,
    UnsupportedOperation: USAGE,
    'UnsupportedOperation.ServiceTemporaryUnavailable': () => 'KMS was temporarily unavailable on every attempt: retry later.',
    UnauthorizedOperation: POLICY,
    'AuthFailure.UnauthorizedOperation': POLICY,
    'AuthFailure.TokenFailure': () => 'The temporary credentials (session token) are invalid or expired: with keyless auth ' +
        "(role-arn), check 'role-duration-seconds'; else refresh 'session-token'.",
    'AuthFailure.SignatureExpire': () => "The request's timestamp is more than 5 minutes off: fix the runner's clock (NTP).",
    AuthFailure: () => `Authentication failed. ${CREDENTIALS}`,
    InvalidParameterValue: () => `KMS rejected a parameter value: check ${KEY_INPUT} and the certificate inputs.`,
    InvalidParameter: () => `KMS rejected a parameter: check ${KEY_INPUT}.`,
    MissingParameter: ENDPOINT,
    UnknownParameter: ENDPOINT,
    InvalidAction: ENDPOINT,
    NoSuchVersion: ENDPOINT,
    NoSuchProduct: ENDPOINT,
    UnsupportedProtocol: ENDPOINT,
    UnsupportedRegion: (ctx) => `KMS is not offered in region ${ctx.region}: check 'region'.`,
    RequestLimitExceeded: THROTTLED,
    InternalError: () => "KMS had an internal error on every attempt: retry later, or raise 'max-attempts'.",
    ServiceUnavailable: () => 'KMS was unavailable on every attempt: retry later.',
    IpNotInWhitelist: () => "The runner's IP address is not in the account's API IP allowlist: add the runner's " +
        'egress IP, or use a self-hosted runner with an allowed address.',
    LimitExceeded: THROTTLED,
};
/** Families spelled without a dot (RequestLimitExceededGlobal), then the code reference. */
function otherCode(code) {
    if (code.startsWith('RequestLimitExceeded'))
        return THROTTLED;
    if (code.startsWith('AuthFailure'))
        return ADVICE.AuthFailure;
    return () => 'See the KMS error code reference for this code.';
}
/** What KMS failures tell the user to do: every KMS message goes through this profile. */
const KMS_ADVICE = {
    service: 'KMS',
    endpointInput: 'kms-endpoint',
    codes: ADVICE,
    otherCode,
    httpStatus: (status) => status >= 500
        ? 'KMS or a proxy in between failed: retry later.'
        : "Check 'kms-endpoint' and any proxy settings (HTTPS_PROXY, NO_PROXY).",
    saysTimedOut: true,
    countsMalformedAttempts: true,
};
/** One message: what failed, the code and RequestId, and what to do next. Never a secret. */
function describeKmsFailure(failure, ctx) {
    return (0,describe_failure/* describeFailure */.Ic)(failure, { ...ctx, subject: `KMS key '${ctx.keyId}'` }, KMS_ADVICE);
}

;// CONCATENATED MODULE: ./src/certificate/kms-answers.ts
/**
 * The shapes of KMS answers the CA takes: GetPublicKey's PublicKey and SignByAsymmetricKey's
 * Signature. An answer that does not fit is malformed; the reason names the field, never quotes it.
 */


/** Canonical base64, padded: what KMS writes, and nothing a proxy's error page could pass for. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** An EC P-256 SubjectPublicKeyInfo is 91 bytes, an RSA 4096 one about 550. */
const MAX_SPKI_BYTES = 2048;
/** DER ECDSA P-256: SEQUENCE { INTEGER r, INTEGER s }, each at most 33 bytes. */
const MAX_ECDSA_DER_BYTES = 72;
const RSA_SIGNATURE_BYTES = { min: 256, max: 512 };
/** The bytes of a base64 field, or why it has none. */
function base64Field(field, value) {
    if (value === undefined || value === null || value === '')
        return `${field} is missing`;
    if (typeof value !== 'string' || !BASE64.test(value))
        return `${field} is not base64`;
    return Buffer.from(value, 'base64');
}
/** The CA's public key (DER SPKI) from GetPublicKey, or why the answer is malformed. */
function publicKeyOf(answer, keyId) {
    const problem = (0,answer_fields/* firstProblem */.AX)((0,answer_fields/* fieldProblem */.SL)('RequestId', answer?.RequestId), answer?.KeyId !== undefined && answer.KeyId !== keyId
        ? 'KeyId is not the key asked for'
        : undefined);
    if (problem)
        return problem;
    const der = base64Field('PublicKey', answer.PublicKey);
    if (typeof der === 'string')
        return der;
    if (der.length > MAX_SPKI_BYTES || !isSpki(der))
        return 'PublicKey is not a DER public key';
    return der;
}
function isSpki(der) {
    try {
        (0,external_node_crypto_.createPublicKey)({ key: der, format: 'der', type: 'spki' });
        return true;
    }
    catch {
        return false;
    }
}
/**
 * The signature from SignByAsymmetricKey, or why the answer is malformed. `rsaBytes`: the CA
 * key's modulus length, which an RSA signature has exactly.
 */
function signatureOf(answer, algorithm, rsaBytes) {
    const problem = (0,answer_fields/* fieldProblem */.SL)('RequestId', answer?.RequestId);
    if (problem)
        return problem;
    const signature = base64Field('Signature', answer.Signature);
    if (typeof signature === 'string')
        return signature;
    if (algorithm === 'ECC_P256_R1') {
        return isEcdsaDer(signature) ? signature : 'Signature is not a DER ECDSA P-256 signature';
    }
    const fits = rsaBytes
        ? signature.length === rsaBytes
        : signature.length >= RSA_SIGNATURE_BYTES.min && signature.length <= RSA_SIGNATURE_BYTES.max;
    return fits ? signature : "Signature is not an RSA signature of the CA key's size";
}
/** SEQUENCE (short form) of exactly two positive INTEGERs of 1 to 33 bytes. */
function isEcdsaDer(der) {
    if (der.length < 8 || der.length > MAX_ECDSA_DER_BYTES)
        return false;
    if (der[0] !== 0x30 || der[1] !== der.length - 2)
        return false;
    let offset = 2;
    for (let i = 0; i < 2; i += 1) {
        const length = der[offset + 1] ?? 0;
        if (der[offset] !== 0x02 || length < 1 || length > 33)
            return false;
        if (((der[offset + 2] ?? 0) & 0x80) !== 0)
            return false;
        offset += 2 + length;
    }
    return offset === der.length;
}

;// CONCATENATED MODULE: ./src/certificate/kms.ts







/** KMS signs a RAW message of at most this size; a longer one is sent as its SHA-256 digest. */
const MAX_RAW_BYTES = 4096;
function createKmsClient(options) {
    return new kms_client/* Client */.K((0,client_config/* clientConfig */.y)(options));
}
/**
 * The SSH certificate authority whose private half stays in Tencent KMS: GetPublicKey once
 * (cached), SignByAsymmetricKey per certificate, with retries, timeouts and KMS advice.
 */
function kmsCaSigner(options, client = createKmsClient(options)) {
    return new KmsCaSigner(options, client);
}
class KmsCaSigner {
    options;
    client;
    ctx;
    cached;
    constructor(options, client) {
        this.options = options;
        this.client = client;
        this.ctx = {
            keyId: options.keyId,
            region: options.region,
            endpoint: `${options.endpoint.protocol}${options.endpoint.host}`,
            credentialSource: options.credentials.source,
        };
    }
    publicKey() {
        const { keyId } = this.options;
        this.cached ??= this.call('GetPublicKey', { KeyId: keyId }).then((answer) => {
            const der = publicKeyOf(answer, keyId);
            if (typeof der === 'string')
                throw this.malformed('GetPublicKey', der, answer);
            return der;
        });
        // A failed lookup is not kept: the next caller asks again.
        this.cached.catch(() => (this.cached = undefined));
        return this.cached;
    }
    async sign(message, algorithm) {
        const rsaBytes = algorithm === 'ECC_P256_R1' ? undefined : modulusBytes(await this.publicKey());
        const raw = message.length <= MAX_RAW_BYTES;
        const sent = raw ? message : (0,external_node_crypto_.createHash)('sha256').update(message).digest();
        const answer = await this.call('SignByAsymmetricKey', {
            KeyId: this.options.keyId,
            Algorithm: algorithm,
            Message: sent.toString('base64'),
            MessageType: raw ? 'RAW' : 'DIGEST',
        });
        const signature = signatureOf(answer, algorithm, rsaBytes);
        if (typeof signature === 'string') {
            throw this.malformed('SignByAsymmetricKey', signature, answer);
        }
        return signature;
    }
    call(action, params) {
        const { maxAttempts, timeoutSeconds, call } = this.options;
        return (0,tencent_api_call/* callApi */.px)(this.client, action, params, {
            maxAttempts,
            timeoutSeconds,
            describe: (failure, end) => describeKmsFailure(failure, { ...this.ctx, ...end }),
            ...call,
        });
    }
    malformed(action, reason, answer) {
        const requestId = (0,answer_fields/* requestIdOf */.Gb)(answer?.RequestId);
        const failure = { kind: 'malformed', reason, requestId };
        return new tencent_api_call/* ApiCallError */.lF(failure, describeKmsFailure(failure, { ...this.ctx, action, attempts: 1 }));
    }
}
/** The RSA modulus length in bytes, or undefined when the CA key is not RSA. */
function modulusBytes(spki) {
    const key = (0,external_node_crypto_.createPublicKey)({ key: spki, format: 'der', type: 'spki' });
    const bits = key.asymmetricKeyDetails?.modulusLength;
    return key.asymmetricKeyType === 'rsa' && bits ? Math.ceil(bits / 8) : undefined;
}

;// CONCATENATED MODULE: ./src/certificate/mode.ts








/** Mode certificate: no SSM; a key made here, its certificate signed by the CA key in KMS. */
async function certificateMode(settings, certificate, credentials, journal) {
    core/* info */.pq(`Authenticating with ${credentials.source}.`);
    const options = await (0,client_config/* serviceOptionsFor */.P)(settings, certificate.kmsEndpoint, credentials);
    const signer = kmsCaSigner({ ...options, keyId: certificate.caKeyId });
    const issued = await issueCertificate(certificate, signer);
    // Before any output or log line: the key text and each of its lines.
    (0,key_pair/* secretsToMask */.Fv)(issued.privateKey).forEach(secrets/* mask */.dK);
    publishCertificateFacts(issued);
    const { privateKey, publicKey } = issued;
    const key = { privateKey, publicKey, certificate: issued.certificate };
    await (0,deliver/* deliverKey */.zj)(settings, key, journal, await (0,deliver/* prepareAgent */.pO)(settings, journal));
}
function publishCertificateFacts(issued) {
    const validBefore = rfc3339(issued.validBefore);
    core/* setOutput */.uH(constants/* Outputs */.tY.PublicKey, issued.publicKey);
    core/* setOutput */.uH(constants/* Outputs */.tY.Fingerprint, issued.fingerprint);
    core/* setOutput */.uH(constants/* Outputs */.tY.Certificate, issued.certificate);
    core/* setOutput */.uH(constants/* Outputs */.tY.CaPublicKey, issued.caPublicKey);
    core/* setOutput */.uH(constants/* Outputs */.tY.ValidBefore, validBefore);
    core/* info */.pq(`Certificate serial ${issued.serial} for ${issued.fingerprint}, key ID "${issued.keyId}", ` +
        `valid from ${rfc3339(issued.validAfter)} until ${validBefore}.`);
}
/** `2026-12-03T08:15:00Z`: whole seconds, as the certificate holds them. */
function rfc3339(date) {
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}


/***/ })

};
