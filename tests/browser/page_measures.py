"""What the browser tests measure in a page, as scripts for page.evaluate:
text spacing as WCAG 1.4.12 applies it, what a header clips, a focus ring's
contrast with its surroundings, the characters on a paragraph's lines."""

# The text spacing bookmarklet of WCAG 1.4.12, as it is applied: inline,
# !important, on every element (so the site's Content-Security-Policy, which
# refuses an inline stylesheet, does not stand in the way).
TEXT_SPACING = """() => {
    for (const element of document.querySelectorAll('*')) {
        element.style.setProperty('line-height', '1.5', 'important');
        element.style.setProperty('letter-spacing', '0.12em', 'important');
        element.style.setProperty('word-spacing', '0.16em', 'important');
    }
    for (const paragraph of document.querySelectorAll('p')) {
        paragraph.style.setProperty('margin-bottom', '2em', 'important');
    }
}"""

# What in the header is cut off: content wider or taller than its box, or a
# box outside the header. The visually hidden labels are clipped on purpose.
HEADER_CLIPS = """() => {
    const header = document.querySelector('.site-header');
    const outer = header.getBoundingClientRect();
    const clipped = [];
    for (const element of header.querySelectorAll('*')) {
        // Not what is not shown (a closed menu's content, say) or hidden on purpose.
        if (!element.checkVisibility() || element.closest('.visually-hidden')) continue;
        const style = getComputedStyle(element);
        const box = element.getBoundingClientRect();
        if (!box.width || !box.height) continue;
        const name = `${element.tagName.toLowerCase()}.${element.className}`;
        if (style.display !== 'inline' && (
            element.scrollWidth > element.clientWidth + 1
            || element.scrollHeight > element.clientHeight + 1)) {
            clipped.push(`${name}: ${element.scrollWidth}×${element.scrollHeight}`
                + ` in ${element.clientWidth}×${element.clientHeight}`);
        }
        if (box.left < outer.left - 1 || box.right > outer.right + 1
            || box.top < outer.top - 1 || box.bottom > outer.bottom + 1) {
            clipped.push(`${name}: outside the header`);
        }
    }
    return clipped;
}"""

# The focused element's ring and what it is seen against: the effective
# background (the first painted background up the ancestors) just outside
# the ring on each side, and the halo between the ring and the element.
FOCUS_RING = """element => {
    const parse = text => {
        const match = /rgba?\\(([^)]+)\\)/.exec(text || '');
        if (!match) return null;
        const [r, g, b, a = 1] = match[1].split(/[\\s,\\/]+/)
            .filter(Boolean).map(Number);
        return {r, g, b, a};
    };
    const luminance = ({r, g, b}) => {
        const linear = v => {
            v /= 255;
            return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    const contrast = (x, y) => {
        const [light, dark] = [luminance(x), luminance(y)].sort((p, q) => q - p);
        return (light + 0.05) / (dark + 0.05);
    };
    const background = start => {
        const layers = [];
        for (let node = start; node; node = node.parentElement) {
            const colour = parse(getComputedStyle(node).backgroundColor);
            if (colour && colour.a > 0) {
                layers.push(colour);
                if (colour.a >= 1) break;
            }
        }
        let result = {r: 255, g: 255, b: 255};  // the canvas
        for (const c of layers.reverse()) {
            result = {
                r: c.r * c.a + result.r * (1 - c.a),
                g: c.g * c.a + result.g * (1 - c.a),
                b: c.b * c.a + result.b * (1 - c.a),
            };
        }
        return result;
    };
    const style = getComputedStyle(element);
    const ring = parse(style.outlineColor);
    const width = parseFloat(style.outlineWidth) || 0;
    const reach = (parseFloat(style.outlineOffset) || 0) + width + 1;
    const box = element.getBoundingClientRect();
    const middle = [box.left + box.width / 2, box.top + box.height / 2];
    const around = [];
    for (const [x, y] of [
        [box.left - reach, middle[1]], [box.right + reach, middle[1]],
        [middle[0], box.top - reach], [middle[0], box.bottom + reach],
    ]) {
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
        const under = document.elementsFromPoint(x, y)
            .find(node => node !== element && !element.contains(node));
        if (under) around.push(background(under));
    }
    const halo = parse(style.boxShadow);
    return {
        what: `${element.tagName.toLowerCase()} "${element.textContent.trim()}"`,
        area: element.matches('.skip-link') ? 'skip link'
            : element.closest('.site-header') ? 'header'
            : element.closest('.role-bar') ? 'role bar'
            : element.closest('main') ? 'main' : 'elsewhere',
        kind: element.matches('a') ? 'link'
            : element.matches('button, summary, input, select') ? 'control' : 'other',
        outline: style.outlineStyle !== 'none' && width >= 2,
        ring,
        contrasts: ring ? around.map(colour => contrast(ring, colour)) : [],
        halo: halo && ring ? contrast(ring, halo) : null,
    };
}"""

# Characters on the longest rendered line of a paragraph.
LONGEST_LINE = """paragraph => {
    const range = document.createRange();
    const size = parseFloat(getComputedStyle(paragraph).fontSize);
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    const lines = [];
    let top = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            if (!rect) continue;
            if (top === null || rect.top > top + size / 2) {
                lines.push(0);
                top = rect.top;
            }
            lines[lines.length - 1] += 1;
        }
    }
    return lines.length > 1 ? Math.max(...lines) : 0;
}"""
