import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, ValidateBy } from 'class-validator';

import { parseSourcePublicKey } from '../../verifier/source-key.js';
import { IsInstant, IsLedgerId } from '../delivery/dto/validation.js';

const isDevicePublicKey = (value: unknown): boolean => {
  try {
    parseSourcePublicKey(value);
    return true;
  } catch {
    return false;
  }
};

/** A device's public key as its maker hands it out: a JWK, PEM, or base64 DER SubjectPublicKeyInfo. */
const IsDevicePublicKey = () =>
  applyDecorators(
    ValidateBy({
      name: 'isDevicePublicKey',
      validator: {
        validate: isDevicePublicKey,
        defaultMessage: () =>
          'publicKey must be an Ed25519 or P-256 public key: a JWK, a PEM, or the base64 of its DER SubjectPublicKeyInfo',
      },
    }),
    ApiProperty({
      oneOf: [
        { type: 'object', description: 'JWK (OKP Ed25519, or EC P-256)' },
        { type: 'string' },
      ],
      example: { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
    }),
  );

export class RegisterDeviceRequestDto {
  @IsLedgerId('dev-7')
  deviceId: string;

  @IsLedgerId('c-1')
  courierId: string;

  @IsDevicePublicKey()
  publicKey: unknown;

  @IsInstant('2026-11-01T00:00:00.000Z', { description: 'The key signs nothing created before' })
  notBefore: string;

  @IsInstant('2027-11-01T00:00:00.000Z', { description: 'The key signs nothing created after' })
  notAfter: string;
}

export class RevokeDeviceRequestDto {
  @ApiProperty({ example: 'phone lost' }) @IsString() @Length(1, 500) reason: string;
}

export class DeviceParams {
  @IsLedgerId('dev-7')
  deviceId: string;
}
