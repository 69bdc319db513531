import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class MenuItemDto {
  @ApiProperty({ format: 'uuid', example: '3f0c5b8e-2a51-4f55-9d2c-1f1f3c6f8a10' })
  id: string;

  @ApiProperty({ example: 'Margherita Pizza' })
  name: string;

  @ApiProperty({ example: 'San Marzano tomato, fior di latte, basil, olive oil' })
  description: string;

  @ApiProperty({ example: 'Pizzas' })
  category: string;

  @ApiProperty({ description: 'Price in minor units (cents)', example: 1450 })
  priceCents: number;

  @ApiProperty({ example: 'USD' })
  currency: string;

  @ApiProperty({ example: true })
  available: boolean;
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

  @ApiProperty({ description: 'Price in minor units (cents)', example: 1500, minimum: 0, maximum: 1000000 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  priceCents: number;

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptional()
  @IsBoolean()
  available?: boolean;
}

export class UpdateMenuItemDto extends PartialType(CreateMenuItemDto) {}
