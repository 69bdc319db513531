/**
 * Kitchen minutes per portion where a category differs from PREP_PER_ITEM_MINUTES: a drink comes from the fridge,
 * a dessert is plated. Set on new installations' demo dishes only.
 */
export const DEMO_PREP_MINUTES: Record<string, number> = { Drinks: 0, Desserts: 1 };

/** The demo menu a new installation starts with (prices in minor units). */
export const DEMO_MENU: { name: string; category: string; priceCents: number; description: string }[] = [
  { category: 'Pizzas', name: 'Margherita Pizza', priceCents: 1450, description: 'San Marzano tomato, fior di latte, basil, olive oil' },
  { category: 'Pizzas', name: 'Pepperoni Pizza', priceCents: 1600, description: 'Tomato, mozzarella, cup-and-char pepperoni' },
  { category: 'Pizzas', name: 'Quattro Formaggi Pizza', priceCents: 1700, description: 'Mozzarella, gorgonzola, fontina, parmesan' },
  { category: 'Pizzas', name: 'Funghi Pizza', priceCents: 1550, description: 'Roasted mushrooms, mozzarella, thyme, garlic' },
  { category: 'Pizzas', name: 'Diavola Pizza', priceCents: 1650, description: 'Spicy salami, chili, tomato, mozzarella' },
  { category: 'Pasta', name: 'Spaghetti Carbonara', priceCents: 1550, description: 'Guanciale, egg yolk, pecorino, black pepper' },
  { category: 'Pasta', name: 'Penne Arrabbiata', priceCents: 1300, description: 'Tomato, garlic, chili, parsley' },
  { category: 'Pasta', name: 'Lasagna Bolognese', priceCents: 1750, description: 'Slow-cooked beef ragu, bechamel, parmesan' },
  { category: 'Salads', name: 'Caesar Salad', priceCents: 1100, description: 'Romaine, parmesan, croutons, anchovy dressing' },
  { category: 'Salads', name: 'Caprese Salad', priceCents: 1050, description: 'Tomato, mozzarella, basil, balsamic' },
  { category: 'Sides', name: 'Garlic Knots', priceCents: 600, description: 'Six knots with garlic butter and marinara' },
  { category: 'Sides', name: 'Chicken Wings', priceCents: 1200, description: 'Eight wings, Calabrian chili glaze' },
  { category: 'Desserts', name: 'Tiramisu', priceCents: 850, description: 'Espresso-soaked ladyfingers, mascarpone, cocoa' },
  { category: 'Desserts', name: 'Cannoli', priceCents: 700, description: 'Two cannoli with ricotta and pistachio' },
  { category: 'Drinks', name: 'San Pellegrino', priceCents: 350, description: 'Sparkling water' },
  { category: 'Drinks', name: 'Coca-Cola', priceCents: 300, description: 'Classic Coke, can (355 ml) or bottle (500 ml)' },
];

export interface DemoOptionGroup {
  name: string;
  minChoices: number;
  maxChoices: number;
  /** Name, price change in minor units, and whether it is the default of a required group. */
  options: [name: string, priceDeltaCents: number, isDefault?: boolean][];
}

const PIZZA_GROUPS: DemoOptionGroup[] = [
  {
    name: 'Size',
    minChoices: 1,
    maxChoices: 1,
    options: [
      ['Small', -200],
      ['Medium', 0, true],
      ['Large', 500],
    ],
  },
  {
    name: 'Toppings',
    minChoices: 0,
    maxChoices: 5,
    options: [
      ['Extra cheese', 200],
      ['Mushrooms', 150],
      ['Pepperoni', 250],
      ['Olives', 100],
      ['Jalapeños', 100],
      ['Fresh basil', 50],
    ],
  },
  {
    name: 'Leave off',
    minChoices: 0,
    maxChoices: 3,
    options: [
      ['No basil', 0],
      ['No garlic', 0],
      ['Light sauce', 0],
    ],
  },
];

const dressing = (defaultDressing: string): DemoOptionGroup => ({
  name: 'Dressing',
  minChoices: 1,
  maxChoices: 1,
  options: ['Caesar', 'Balsamic vinaigrette', 'Ranch', 'Lemon and olive oil'].map((name) => [name, 0, name === defaultDressing]),
});

const SALAD_PROTEIN: DemoOptionGroup = {
  name: 'Add protein',
  minChoices: 0,
  maxChoices: 1,
  options: [
    ['Grilled chicken', 400],
    ['Shrimp', 600],
  ],
};

/**
 * The demo dishes' choices, by dish name: pizza sizes, toppings and things to leave off, salad dressings, wing
 * sauces and drink sizes. Every required group has a default, so an order that names no option still prices.
 */
export const DEMO_OPTION_GROUPS: Record<string, DemoOptionGroup[]> = {
  ...Object.fromEntries(DEMO_MENU.filter((d) => d.category === 'Pizzas').map((d) => [d.name, PIZZA_GROUPS] as [string, DemoOptionGroup[]])),
  'Caesar Salad': [dressing('Caesar'), SALAD_PROTEIN],
  'Caprese Salad': [dressing('Balsamic vinaigrette'), SALAD_PROTEIN],
  'Chicken Wings': [
    {
      name: 'Sauce',
      minChoices: 1,
      maxChoices: 1,
      options: [
        ['Calabrian chili', 0, true],
        ['Honey garlic', 0],
        ['Buffalo', 0],
      ],
    },
  ],
  'San Pellegrino': [
    {
      name: 'Size',
      minChoices: 1,
      maxChoices: 1,
      options: [
        ['500 ml', 0, true],
        ['1 liter', 250],
      ],
    },
  ],
  'Coca-Cola': [
    {
      name: 'Size',
      minChoices: 1,
      maxChoices: 1,
      options: [
        ['Can', 0, true],
        ['Bottle', 100],
      ],
    },
  ],
};
