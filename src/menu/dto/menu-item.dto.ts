import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export const MAX_OPTION_NAME_CHARS = 60;
export const MAX_GROUP_CHOICES = 20;
export const MAX_GROUP_OPTIONS = 30;
export const MAX_PREP_MINUTES = 240;
/** A price change of an option: at most $1,000 either way (a line never goes below zero: PRICE_BELOW_ZERO). */
export const MAX_PRICE_DELTA_CENTS = 100_000;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class MenuOptionDto {
  @ApiProperty({ format: 'uuid', example: '6a1f0c2e-7b3d-4e59-8f21-3c4d5e6f7a80' })
  id: string;

  @ApiProperty({ example: 'Large' })
  name: string;

  @ApiProperty({ type: 'integer', description: 'Added to the dish price, in minor units (negative lowers it)', example: 600 })
  priceDeltaCents: number;

  @ApiProperty({ description: 'false: run out; it cannot be chosen until it is back', example: true })
  available: boolean;

  @ApiProperty({ description: 'Chosen when an order sends nothing for its required group', example: false })
  isDefault: boolean;
}

export class OptionGroupDto {
  @ApiProperty({ format: 'uuid', example: '2c9e4b1a-0d3f-4a6b-9c8e-7f1a2b3c4d5e' })
  id: string;

  @ApiProperty({ example: 'Size' })
  name: string;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_GROUP_CHOICES,
    description: 'At least this many must be chosen (1: required)',
    example: 1,
  })
  minChoices: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_GROUP_CHOICES, description: 'At most this many may be chosen', example: 1 })
  maxChoices: number;

  @ApiProperty({ type: [MenuOptionDto], description: 'In display order' })
  options: MenuOptionDto[];
}

export class MenuItemDto {
  @ApiProperty({ format: 'uuid', example: '3f0c5b8e-2a51-4f55-9d2c-1f1f3c6f8a10' })
  id: string;

  @ApiProperty({ example: 'Margherita Pizza' })
  name: string;

  @ApiProperty({ example: 'San Marzano tomato, fior di latte, basil, olive oil' })
  description: string;

  @ApiProperty({ example: 'Pizzas' })
  category: string;

  @ApiProperty({ type: 'integer', description: 'Price in minor units (cents), before options', example: 1450 })
  priceCents: number;

  @ApiProperty({ example: 'USD' })
  currency: string;

  @ApiProperty({ example: true })
  available: boolean;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: null,
    description: "Kitchen minutes per portion of this dish; null: the restaurant's PREP_PER_ITEM_MINUTES",
  })
  prepMinutes: number | null;

  @ApiProperty({
    type: [OptionGroupDto],
    description: 'The choices of this dish, in the order to ask for them; an order line names the options it takes (`options`)',
  })
  optionGroups: OptionGroupDto[];
}

export class CreateMenuItemDto {
  @ApiProperty({ example: 'Calzone', maxLength: 120 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ example: 'Ricotta, mozzarella, ham', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ example: 'Pizzas', maxLength: 60 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  category: string;

  @ApiProperty({ type: 'integer', description: 'Price in minor units (cents)', example: 1500, minimum: 0, maximum: 1000000 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  priceCents: number;

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptional()
  @IsBoolean()
  available?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: MAX_PREP_MINUTES,
    example: 12,
    description: "Kitchen minutes per portion, for promised times; null or left out: the restaurant's PREP_PER_ITEM_MINUTES",
  })
  @ValidateIf((dto: CreateMenuItemDto) => dto.prepMinutes !== null)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PREP_MINUTES)
  prepMinutes?: number | null;
}

/** Fields left out stay as they are; a field sent as null is refused (400), not stored (`prepMinutes`: null resets it). */
export class UpdateMenuItemDto extends PartialType(CreateMenuItemDto, { skipNullProperties: false }) {}

export class CreateMenuOptionDto {
  @ApiProperty({ example: 'Extra cheese', maxLength: MAX_OPTION_NAME_CHARS })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_OPTION_NAME_CHARS)
  name: string;

  @ApiProperty({
    type: 'integer',
    description: 'Added to the dish price, in minor units; negative only where no line can go below zero',
    example: 200,
    minimum: -MAX_PRICE_DELTA_CENTS,
    maximum: MAX_PRICE_DELTA_CENTS,
  })
  @IsInt()
  @Min(-MAX_PRICE_DELTA_CENTS)
  @Max(MAX_PRICE_DELTA_CENTS)
  priceDeltaCents: number;

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptional()
  @IsBoolean()
  available?: boolean;

  @ApiPropertyOptional({ example: false, default: false, description: 'Chosen when an order sends nothing for its required group' })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}

/** Fields left out stay as they are; a field sent as null is refused (400), not stored. */
export class UpdateMenuOptionDto extends PartialType(CreateMenuOptionDto, { skipNullProperties: false }) {}

export class CreateOptionGroupDto {
  @ApiProperty({ example: 'Toppings', maxLength: MAX_OPTION_NAME_CHARS })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_OPTION_NAME_CHARS)
  name: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_GROUP_CHOICES, example: 0, description: 'At least this many (1: required)' })
  @IsInt()
  @Min(0)
  @Max(MAX_GROUP_CHOICES)
  minChoices: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_GROUP_CHOICES, example: 5, description: 'At most this many' })
  @IsInt()
  @Min(1)
  @Max(MAX_GROUP_CHOICES)
  maxChoices: number;

  @ApiProperty({ type: [CreateMenuOptionDto], minItems: 1, maxItems: MAX_GROUP_OPTIONS, description: 'In display order' })
  @IsArray()
  @ArrayMinSize(1, { message: 'options must contain at least one option' })
  @ArrayMaxSize(MAX_GROUP_OPTIONS)
  @ValidateNested({ each: true })
  @Type(() => CreateMenuOptionDto)
  options: CreateMenuOptionDto[];
}

/**
 * A group's own fields; its options are added, edited and removed one by one. Fields left out stay as they are; a
 * field sent as null is refused (400), not stored.
 */
export class UpdateOptionGroupDto extends PartialType(OmitType(CreateOptionGroupDto, ['options'] as const), {
  skipNullProperties: false,
}) {}
