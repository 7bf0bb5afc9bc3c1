import Markdown, { defaultUrlTransform, type Components, type UrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * Markdown people typed (notes, postmortems), rendered inert: no raw HTML (react-markdown shows
 * `<script>` as text unless rehype-raw is added — never add it), and react-markdown's default
 * urlTransform empties `javascript:`, `vbscript:` and `data:` URLs. Links open elsewhere
 * without handing this page over (noopener).
 */
const components: Components = {
  a: ({ href, title, children }) => (
    <a href={href} title={title} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
  // An image whose URL the transform emptied shows its alt text: an <img src=""> would refetch the page.
  img: ({ src, alt, title }) =>
    typeof src === 'string' && src !== '' ? (
      // next/image needs known sizes and hosts; these are arbitrary URLs in typed text.
      // eslint-disable-next-line @next/next/no-img-element
      <img src={src} alt={alt ?? ''} title={title} />
    ) : (
      <span className="muted">[image: {alt}]</span>
    ),
};

/** Base64 raster or SVG images only: an <img> never runs an SVG's scripts, and nothing else may be data:. */
const INLINE_IMAGE = /^data:image\/(?:svg\+xml|png|jpeg|gif|webp);base64,[a-z0-9+/]+=*$/i;

/**
 * The postmortem export embeds its chart as a data: image; the preview lets exactly that through
 * as an image source, and treats every other URL as the default transform does.
 */
const allowInlineImages: UrlTransform = (url, key, node) => (key === 'src' && node.tagName === 'img' && INLINE_IMAGE.test(url) ? url : defaultUrlTransform(url));

export function SafeMarkdown({ children, className, inlineImages = false }: { children: string; className?: string; inlineImages?: boolean }) {
  return (
    <div className={className ? `markdown ${className}` : 'markdown'}>
      <Markdown remarkPlugins={[remarkGfm]} components={components} urlTransform={inlineImages ? allowInlineImages : defaultUrlTransform}>
        {children}
      </Markdown>
    </div>
  );
}
