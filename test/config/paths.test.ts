import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { configDir, dataDir, homeDir } from '../../src/config/paths.js';

const passwdHome = userInfo().homedir;

describe('configDir and dataDir', () => {
  it('SEEDANCE_CONFIG_DIR holds both', () => {
    const env = { SEEDANCE_CONFIG_DIR: '/x/seedance', HOME: '/home/u' };
    expect(configDir(env, 'linux')).toBe('/x/seedance');
    expect(dataDir(env, 'linux')).toBe('/x/seedance');
  });

  it('XDG base directories, else under HOME', () => {
    expect(configDir({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.config/seedance');
    expect(dataDir({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.local/share/seedance');
    const xdg = { HOME: '/home/u', XDG_CONFIG_HOME: '/cfg', XDG_DATA_HOME: '/data' };
    expect(configDir(xdg, 'linux')).toBe('/cfg/seedance');
    expect(dataDir(xdg, 'linux')).toBe('/data/seedance');
    expect(configDir({ HOME: '/Users/u' }, 'darwin')).toBe('/Users/u/Library/Preferences/seedance');
  });

  it('an empty HOME, SEEDANCE_CONFIG_DIR or XDG_* counts as unset: never a path relative to the cwd', () => {
    const env = { HOME: '', SEEDANCE_CONFIG_DIR: '', XDG_CONFIG_HOME: '', XDG_DATA_HOME: '' };
    expect(configDir(env, 'linux')).toBe(`${passwdHome}/.config/seedance`);
    expect(dataDir(env, 'linux')).toBe(`${passwdHome}/.local/share/seedance`);
    expect(homeDir(env, 'linux')).toBe(passwdHome);
    expect(homeDir({}, 'linux')).toBe(passwdHome);
  });

  it('a relative XDG_* is ignored, as the XDG spec says', () => {
    const env = { HOME: '/home/u', XDG_CONFIG_HOME: 'rel', XDG_DATA_HOME: './data' };
    expect(configDir(env, 'linux')).toBe('/home/u/.config/seedance');
    expect(dataDir(env, 'linux')).toBe('/home/u/.local/share/seedance');
  });

  it('Windows: APPDATA / LOCALAPPDATA, else under USERPROFILE', () => {
    expect(homeDir({ USERPROFILE: 'C:\\Users\\u', HOME: '' }, 'win32')).toBe('C:\\Users\\u');
    expect(configDir({ APPDATA: '', USERPROFILE: '/u' }, 'win32')).toMatch(/^\/u.AppData.Roaming.seedance.Config$/);
  });
});
