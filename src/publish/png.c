/* PNG files of the pages, written with libpng rather than cairo's own writer: cairo always
 * compresses at zlib's default level with adaptive filtering, which made PNG encoding three
 * quarters of publishing. Flat map colours and text on white compress about as well (the
 * sample's pages: 21 MB against 25 MB) at level 1 without filtering, several times faster. The
 * bytes depend only on the pixels, so output stays deterministic. */
#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/sys.h"
#include "draw.h"
#include "zoneplan/errors.h"

static int write_rows(png_structp png, png_infop info, cairo_surface_t *s, FILE *fp)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    png_bytep row = malloc((size_t)w * 3);
    if (!row)
        return -1;
    if (setjmp(png_jmpbuf(png))) {
        free(row);
        return -1;
    }
    png_init_io(png, fp);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 1);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        const uint32_t *px = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) { /* cairo's RGB24 is native-endian xRGB */
            row[3 * x] = (png_byte)(px[x] >> 16);
            row[3 * x + 1] = (png_byte)(px[x] >> 8);
            row[3 * x + 2] = (png_byte)px[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    free(row);
    return 0;
}

/* libpng's own handler prints to stderr before giving up; the error is reported once, by
 * the caller, with the file named. */
static void png_failed(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void png_warned(png_structp png, png_const_charp msg)
{
    (void)png, (void)msg;
}

/* Close a file written (bad: a write already failed), ZP_EIO naming it when anything failed. */
static int close_written(FILE *fp, const char *path, int bad)
{
    bad |= ferror(fp) != 0;
    int e = errno;
    if (fclose(fp) != 0) {
        bad = 1;
        e = errno;
    }
    return bad ? zp_error_set(ZP_EIO, "%s: cannot write: %s", path,
                              e ? strerror(e) : "write failed")
               : ZP_OK;
}

int zp_pub_write_png(cairo_surface_t *s, const char *path)
{
    cairo_surface_flush(s);
    FILE *fp = zp_sys_fopen(path);
    if (!fp)
        return zp_error_set(ZP_EIO, "%s: cannot write: %s", path, strerror(errno));
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_failed, png_warned);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    int bad = !info || write_rows(png, info, s, fp) != 0;
    png_destroy_write_struct(&png, &info);
    return close_written(fp, path, bad);
}

int zp_pub_put_bytes(const char *buf, size_t len, const char *path)
{
    FILE *fp = zp_sys_fopen(path);
    if (!fp)
        return zp_error_set(ZP_EIO, "%s: cannot write: %s", path, strerror(errno));
    return close_written(fp, path, fwrite(buf, 1, len, fp) != len);
}
