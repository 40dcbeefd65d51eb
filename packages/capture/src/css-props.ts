import { nothing } from 'lit';
import { Directive, directive, type ElementPart, type PartInfo, PartType } from 'lit/directive.js';

/**
 * Sets custom properties on an element through the CSSOM (`style.setProperty`), never through a
 * `style` attribute: a page with a strict Content Security Policy (`style-src 'self'`, no
 * `'unsafe-inline'`) refuses style attributes, including the one Lit's `styleMap` writes on its
 * first render, but not CSSOM changes. Use as an element binding:
 * `<div ${cssProps({ '--_aspect': '16 / 9' })}>`. Only `--` names, so no property of the element's
 * own stylesheet can be overridden by accident.
 */
class CssPropsDirective extends Directive {
  private previous = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssProps is an element binding, not an attribute or child');
  }

  render(_props: Readonly<Record<`--${string}`, string>>) {
    return nothing;
  }

  override update(part: ElementPart, [props]: [Readonly<Record<`--${string}`, string>>]) {
    const style = (part.element as HTMLElement).style;
    for (const name of this.previous) if (!(name in props)) style.removeProperty(name);
    for (const [name, value] of Object.entries(props)) {
      if (!name.startsWith('--')) throw new RangeError('cssProps sets custom properties (--name) only');
      if (style.getPropertyValue(name) !== value) style.setProperty(name, value);
    }
    this.previous = new Set(Object.keys(props));
    return nothing;
  }
}

export const cssProps = directive(CssPropsDirective);
