import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from '@/common/admin-auth.guard.js';
import { ErrorCode } from '@/common/domain-error.js';
import {
  ApiErrors,
  bodyRefusals,
  databaseUnavailable,
  domainError,
  notAUuid,
  notFound,
  rateLimited,
  unauthorized,
  validationFailed,
  undecodablePath,
} from '@/openapi/api-errors.js';
import { CreateMenuItemDto, CreateOptionGroupDto, MenuItemDto, UpdateMenuItemDto } from './dto/menu-item.dto.js';
import {
  CREATE_MENU_ITEM_EXAMPLE,
  CREATE_OPTION_GROUP_EXAMPLE,
  MENU_EXAMPLE,
  MENU_ITEM_EXAMPLE,
  UPDATE_MENU_ITEM_EXAMPLE,
} from './dto/menu-item.examples.js';
import { belowZero, CHOICE_EDIT_ANSWERS, DISH_AFTER_EDIT, minOverMax } from './menu-edit-answers.js';
import { MenuService } from './menu.service.js';

const nameTaken = domainError(ErrorCode.MENU_ITEM_NAME_TAKEN, 'A menu item named "Calzone" already exists.');

@ApiTags('menu')
@Controller('api/menu')
export class MenuController {
  constructor(private readonly menu: MenuService) {}

  @Get()
  @ApiOperation({
    operationId: 'listMenu',
    summary: 'The menu, with prices in minor units; unavailable dishes are marked (or left out with available=true)',
    security: [],
  })
  @ApiQuery({ name: 'available', required: false, enum: ['true'], description: 'Only dishes that can be ordered now' })
  @ApiOkResponse({ description: 'The dishes, by category and name', type: MenuItemDto, isArray: true, example: MENU_EXAMPLE })
  @ApiErrors(rateLimited, databaseUnavailable)
  list(@Query('available') available?: string): Promise<MenuItemDto[]> {
    return this.menu.list(available === 'true');
  }

  @Post()
  @UseGuards(AdminAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'createMenuItem', summary: 'Add a dish (admin)' })
  @ApiBody({ type: CreateMenuItemDto, examples: { calzone: { summary: 'A new pizza', value: CREATE_MENU_ITEM_EXAMPLE } } })
  @ApiCreatedResponse({
    description: 'The dish as stored',
    type: MenuItemDto,
    example: { ...MENU_ITEM_EXAMPLE, ...CREATE_MENU_ITEM_EXAMPLE },
  })
  @ApiErrors(
    validationFailed('priceCents must not be less than 0'),
    bodyRefusals,
    unauthorized(),
    nameTaken,
    rateLimited,
    databaseUnavailable,
  )
  create(@Body() dto: CreateMenuItemDto): Promise<MenuItemDto> {
    return this.menu.create(dto);
  }

  @Patch(':id')
  @UseGuards(AdminAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'updateMenuItem', summary: 'Edit a dish or mark it unavailable (admin)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The dish (from GET /api/menu)' })
  @ApiBody({ type: UpdateMenuItemDto, examples: { soldOut: { summary: 'Sold out for today', value: UPDATE_MENU_ITEM_EXAMPLE } } })
  @ApiOkResponse({ description: 'The dish as stored', type: MenuItemDto, example: { ...MENU_ITEM_EXAMPLE, available: false } })
  @ApiErrors(
    validationFailed('available must be a boolean value'),
    notAUuid(),
    undecodablePath,
    bodyRefusals,
    unauthorized(),
    notFound('Menu item'),
    nameTaken,
    belowZero,
    rateLimited,
    databaseUnavailable,
  )
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateMenuItemDto): Promise<MenuItemDto> {
    return this.menu.update(id, dto);
  }

  @Post(':id/option-groups')
  @UseGuards(AdminAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'createOptionGroup', summary: 'Give a dish a group of choices, with its options (admin)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The dish (from GET /api/menu)' })
  @ApiBody({ type: CreateOptionGroupDto, examples: { toppings: { summary: 'Up to five toppings', value: CREATE_OPTION_GROUP_EXAMPLE } } })
  @ApiCreatedResponse(DISH_AFTER_EDIT)
  @ApiErrors(validationFailed('maxChoices must not be less than 1'), minOverMax, notFound('Menu item'), CHOICE_EDIT_ANSWERS)
  addGroup(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CreateOptionGroupDto): Promise<MenuItemDto> {
    return this.menu.addGroup(id, dto);
  }
}
